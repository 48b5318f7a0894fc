import Foundation
import XCTest
import IGNImage

/// The built `ign` executable, run with real pipes.
enum IGNProcess {
    /// The result of one run.
    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var terminatedBySignal: Bool
    }

    /// `ign` in the build products folder, next to the test bundle.
    static var executable: URL {
        let candidates = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
            + Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        for folder in candidates {
            let url = folder.appendingPathComponent("ign")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        fatalError("cannot find the built ign next to the tests; run `swift build` first")
    }

    /// Runs `ign ARGS…` in `directory`, feeding `stdin` through a pipe.
    static func run(_ arguments: [String], stdin: [UInt8] = [], directory: String? = nil,
                    environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outBytes = Data(), errBytes = Data()
        DispatchQueue.global().async(group: group) { outBytes = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errBytes = errors.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) {
            try? input.fileHandleForWriting.write(contentsOf: Data(stdin))
            try? input.fileHandleForWriting.close()
        }
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: [UInt8](outBytes),
                      stderr: String(decoding: errBytes, as: UTF8.self),
                      terminatedBySignal: process.terminationReason == .uncaughtSignal)
    }

    /// Runs a shell command line with `ign` on PATH.
    static func shell(_ command: String, directory: String) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = executable.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: [UInt8](data), stderr: "", terminatedBySignal: false)
    }
}

/// A temporary folder with a few images in it.
final class Workspace {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ign-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ bytes: [UInt8], to name: String) throws { try Data(bytes).write(to: url.appendingPathComponent(name)) }

    func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url.appendingPathComponent(name))) }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }

    /// Every file name in the folder, hidden ones (temporary files) included.
    func contents(_ folder: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? path : file(folder)).sorted()
    }
}

/// A 24×16 RGBA gradient of 8-bit values (so 8-bit files hold it exactly).
func sampleImage(width: Int = 24, height: Int = 16) throws -> Image {
    var samples: [UInt16] = []
    for y in 0..<height {
        for x in 0..<width {
            samples += [UInt16(x * 255 / (width - 1)) * 257, UInt16(y * 255 / (height - 1)) * 257, 80 * 257, x < 4 ? 0 : 65535]
        }
    }
    return try Image(width: width, height: height, colorModel: .rgba, samples: samples)
}

func png(_ image: Image) throws -> [UInt8] { try image.encoded(EncodeOptions(format: .png)) }
