import ArgumentParser
import FoundationEssentials
import IGN
import IGNImage

/// `ign composite`: paste an overlay onto a background, then project the paste.
struct CompositeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "composite",
        abstract: "Paste an image onto another, then project so the parts become one coherent image.",
        discussion: """
            The overlay is drawn over the background with its top-left corner at --at X,Y, \
            blended by its alpha times the luma of --mask (white: overlay, black: \
            background; scaled to the overlay's size). The paste is then projected (--steps \
            times). The result has the model's size; with --keep-size it has the \
            background's: only the projection's change, scaled up, is added near the \
            overlay, and regions far from it stay exactly as they were.
              ign composite face.png hat.png --at 4,0 --keep-size -o result.png
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var projection: ProjectionOptions

    @Argument(help: ArgumentHelp("The background image ('-' for stdin).", valueName: "background"),
              completion: .file())
    var background: String

    @Argument(help: ArgumentHelp("The image pasted onto it.", valueName: "overlay"), completion: .file())
    var overlay: String

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Where the overlay's top-left corner goes on the background, in pixels (may be negative: --at -8,4).",
                               valueName: "x,y"))
    var at = "0,0"

    @Option(help: ArgumentHelp("Gray image: how much of the overlay shows where (white all, black none).",
                               valueName: "mask"), completion: .file())
    var mask: String?

    @Flag(help: "Keep the background's size, changing only what lies near the overlay.")
    var keepSize = false

    @Option(help: ArgumentHelp("Also write the naive paste (before projection) to this file.", valueName: "file"),
            completion: .file())
    var writePasted: String?

    @OptionGroup var decodeLimits: DecodeLimitOptions

    @OptionGroup var output: OutputOptions
    @OptionGroup var fill: BackgroundOption

    func validate() throws {
        _ = try CompositeCommand.point(at)
        if [background, overlay, mask].filter({ $0 == "-" }).count > 1 {
            throw ValidationError("only one of the images can come from stdin")
        }
        if let writePasted {
            let toStdout = { (name: String?) in name == nil || name == "-" || name == "/dev/stdout" }
            if toStdout(writePasted) && toStdout(output.output) {
                throw ValidationError("--write-pasted and the result cannot both go to stdout")
            }
            if writePasted == output.output { throw ValidationError("--write-pasted names the result's own file") }
        }
    }

    /// `X,Y` in pixels, each within ±2^30.
    static func point(_ text: String) throws -> (x: Int, y: Int) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { Int($0.trimmingSpaces) }
        guard parts.count == 2, let x = parts[0], let y = parts[1], abs(x) <= 1 << 30, abs(y) <= 1 << 30 else {
            throw ValidationError("--at must be X,Y in pixels, e.g. 10,4")
        }
        return (x, y)
    }

    func run() throws {
        ComputeThreads.oneThreadPerImage()
        // Both destinations are checked before any work.
        let result = ImagePipeline(input: InputOptions(), output: output, background: fill.background)
        _ = try result.prepareJobs(for: ["composite.png"])
        let pasted = try writePasted.map { path -> ImagePipeline in
            var pastedOutput = output
            pastedOutput.output = path
            let pipeline = ImagePipeline(input: InputOptions(), output: pastedOutput, background: fill.background)
            _ = try pipeline.prepareJobs(for: ["pasted.png"])
            return pipeline
        }
        if [background, overlay, mask].contains("-") && StandardStreams.stdinIsTerminal {
            throw ValidationError("no input: give the image files, or pipe one into stdin")
        }
        let model = try modelOptions.load()
        try projection.checkStatistics(of: model)
        let compositor = try Compositor(model: model, statisticsSet: projection.statistics,
                                        fit: projection.fit, background: fill.background)
        let limits = decodeLimits.limits
        func failure(_ path: String, _ error: Error) -> FileFailure { FileFailure(path: path == "-" ? "stdin" : path, error: error) }
        func read(_ path: String) throws -> [UInt8] {
            do { return try ImagePipeline.read(path, limit: limits.maxMemory) } catch { throw failure(path, error) }
        }
        func decode(_ path: String, _ bytes: [UInt8], workingSet: WorkingSet) throws -> Image {
            var limits = limits
            limits.workingSet = workingSet
            do { return try Image.decode(bytes, limits: limits).image } catch { throw failure(path, error) }
        }
        // The paste's colour model, from the headers, sets what working on each image takes.
        let (backgroundBytes, overlayBytes) = (try read(background), try read(overlay))
        let color = try [(background, backgroundBytes), (overlay, overlayBytes)].contains { path, bytes in
            do { return try Image.info(bytes, limits: limits).colorModel.isColor } catch { throw failure(path, error) }
        }
        let backdrop = try decode(background, backgroundBytes,
                                  workingSet: compositor.backgroundWorkingSet(color: color, keepSize: keepSize))
        let top = try decode(overlay, overlayBytes, workingSet: compositor.overlayWorkingSet(color: color, mask: mask != nil))
        let maskImage = try mask.map { path in try decode(path, read(path), workingSet: .none) }
        let point = try CompositeCommand.point(at)
        let pastedImage = try compositor.paste(top, onto: consume backdrop, atX: point.x, y: point.y, mask: maskImage)
        try pasted?.emit([("pasted.png", pastedImage)])
        let composite = try compositor.composite(pasted: consume pastedImage, around: (point.x, point.y, top.width, top.height),
                                                 times: projection.steps, keepSize: keepSize)
        try result.emit([("composite.png", composite)])
    }
}
