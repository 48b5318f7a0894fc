import ArgumentParser
import FoundationEssentials
import IGNFiles
import IGNImage

/// `ign info`: format, size, channels, bit depth and alpha of each input.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show format, size, channels, bit depth and alpha of images.",
        discussion: "Each image is fully decoded, so a corrupt file is reported as an error. "
            + "With --json, one JSON object per input, one per line."
    )

    @OptionGroup var input: InputOptions

    @Flag(help: "Print one JSON object per image (JSON Lines).")
    var json = false

    /// One line of `--json` output.
    struct Record: Codable, Equatable {
        var file: String
        var format: String
        var width: Int
        var height: Int
        var channels: Int
        var colorModel: String
        var bitDepth: Int
        var alpha: Bool
        var interlaced: Bool
        var storage: String
    }

    func run() throws {
        let inputs = input.resolvedInputs
        if inputs.contains("-") && StandardStreams.stdinIsTerminal {
            throw ValidationError("no input: give an image file, or pipe one into stdin")
        }
        BrokenPipe.reportAsError()
        let results = ResultSlots(count: inputs.count)
        let limits = input.limits, json = self.json
        let failures = BatchRunner(jobs: input.resolvedJobs).run(Array(inputs.enumerated()), name: { $0.element == "-" ? "stdin" : $0.element }) { item in
            let info = try Image.info(ImagePipeline.read(item.element, limit: limits.maxMemory), limits: limits)   // headers only
            let name = item.element == "-" ? "-" : item.element
            results.set(item.offset, InfoCommand.line(for: info, file: name, json: json))
        }
        let text = results.all.compactMap { $0 }.map { $0 + "\n" }.joined()
        try StandardStreams.writeStandardOutput(Array(text.utf8))
        if failures > 0 { throw ExitCode.failure }
    }

    static func line(for info: ImageInfo, file: String, json: Bool) -> String {
        if json {
            let record = Record(file: file, format: info.format.rawValue, width: info.width, height: info.height,
                                channels: info.colorModel.channelCount, colorModel: info.colorModel.description,
                                bitDepth: info.bitDepth, alpha: info.hasAlpha, interlaced: info.interlaced,
                                storage: info.storage)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            return String(decoding: (try? encoder.encode(record)) ?? Data(), as: UTF8.self)
        }
        let layout = info.interlaced ? (info.format == .jpeg ? ", progressive" : ", interlaced") : ""
        return "\(file): \(info.format.displayName) \(info.width)x\(info.height) \(info.colorModel) "
            + "\(info.bitDepth)-bit (\(info.storage)\(layout))"
    }

    /// Results kept in input order while `-j` finishes them in any order.
    final class ResultSlots: @unchecked Sendable {
        private let lock = Lock()
        private var slots: [String?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: String) { lock.withLock { slots[index] = value } }
        var all: [String?] { lock.withLock { slots } }
    }
}
