import ArgumentParser
import FoundationEssentials
import IGNFiles
import IGNImage

/// The rules every image-to-image subcommand follows, in one place.
///
/// A subcommand declares `@OptionGroup var input: InputOptions`,
/// `@OptionGroup var batch: BatchOptions` and `@OptionGroup var output: OutputOptions`, then
/// in `run()` calls `try ImagePipeline(input: input, output: output, batch: batch).run { image in … }`
/// with its per-image transform. The pipeline then:
/// - reads each input (stdin for none or `-`), sniffs its format, enforces `--max-pixels`;
/// - applies the transform;
/// - writes the result to stdout (never to a terminal), to `-o FILE`, into `-o DIR`, or next to
///   the input with `--suffix` (``OutputPlan`` has the rules), through ``AtomicFileWriter``:
///   temporary file + rename for files (followed through symbolic links, mode kept), in place
///   for FIFOs and devices;
/// - on SIGINT/SIGTERM/SIGHUP ends at once, temporary files removed (``TerminationSignals``);
/// - picks the format from `--format`, the output's extension, or the input's format;
/// - runs `-j N` files at once, reports a failing file as `ign: FILE: MESSAGE` and goes on;
/// - throws `ExitCode.failure` (1) at the end if any file failed, `ValidationError` (64) for usage errors.
public struct ImagePipeline {
    /// A per-image transformation. It may run on several threads at once when `-j` > 1. It
    /// owns the image it is given (nothing else holds it), so it may work in place.
    public typealias Transform = @Sendable (consuming Image) throws -> Image

    public let input: InputOptions
    public let output: OutputOptions
    /// `--suffix`: outputs next to their inputs (or into -o DIR) as NAME<suffix>.EXT.
    public let suffix: String?
    /// `--progress`: report progress even when stderr is not a terminal.
    public let progress: Bool

    /// What alpha is flattened onto when a format cannot keep it (JPEG).
    public let background: RGBColor

    /// A pipeline over parsed options (`batch` only for commands that take input files).
    public init(input: InputOptions, output: OutputOptions, batch: BatchOptions? = nil,
                background: RGBColor = .white) {
        self.input = input
        self.output = output
        self.background = background
        suffix = batch?.suffix
        progress = batch?.progress ?? false
    }

    /// Runs `transform` on every input and writes the results.
    ///
    /// `workingSet` is what the transform holds beyond the image and one result of its size;
    /// the memory budget (`--max-memory`) counts it with the decoding, so an image the work
    /// would not fit is refused from its header. With `-j N` the images being worked on share
    /// the one budget (``MemoryReservations``): each reserves its estimate before it is
    /// decoded and releases it once written. A worker waiting for room holds only its file's
    /// bytes.
    public func run(workingSet: WorkingSet = .none, _ transform: @escaping Transform) throws {
        let jobs = try prepareJobs(for: input.resolvedInputs)
        ComputeThreads.oneThreadPerImage()
        let limits = DecodeLimits(maxPixels: input.limits.maxPixels, maxScans: input.limits.maxScans,
                                  maxMemory: input.limits.maxMemory, workingSet: workingSet)
        let settings = WriteSettings(output, background: background)
        let budget = MemoryReservations(capacity: limits.maxMemory)
        let failures = BatchRunner(jobs: input.resolvedJobs, progress: progress).run(jobs, name: \.inputName) { job in
            var bytes = try ImagePipeline.read(job.input, limit: limits.maxMemory)
            try budget.withReservation(of: Image.memoryNeeded(bytes, limits: limits)) {
                var decoded: DecodedImage? = try Image.decode(bytes, limits: limits)
                bytes = []   // the file is not needed past decoding
                let format = decoded!.info.format, image = decoded!.image
                decoded = nil   // the transform gets the only reference: it may work in place
                let result = try transform(consume image)
                try ImagePipeline.write(result, for: job, inputFormat: format, settings: settings)
            }
        }
        if failures > 0 { throw ExitCode.failure }
    }

    /// The jobs for these input names under the output options, after the checks and
    /// set-up every run needs, all before any image is read: the output rules
    /// (``OutputPlan``), no image bytes to a terminal, quiet broken pipes, signal handling
    /// (``TerminationSignals``), `-o DIR` folders created.
    func prepareJobs(for inputs: [String]) throws -> [PipelineJob] {
        let plan: OutputPlan
        do {
            plan = try OutputPlan.make(inputs: inputs, output: output.output,
                                       suffix: suffix, format: output.format)
        } catch let missing as MissingOutputFolder {
            Console.shared.error(missing.message, subject: missing.folder)
            throw ExitCode.failure
        }
        try ImagePipeline.checkStandardStreams(plan.jobs)
        BrokenPipe.reportAsError()
        TerminationSignals.install()
        if let folder = plan.folder { try createFolder(folder) }
        return plan.jobs
    }

    /// Refuses image bytes to a terminal, and a terminal as the image source.
    static func checkStandardStreams(_ jobs: [PipelineJob]) throws {
        if jobs.contains(where: { $0.destination == .standardOutput }) && StandardStreams.stdoutIsTerminal {
            Console.shared.error(CommandError.terminalOutput.description)
            throw ExitCode.failure
        }
        if jobs.contains(where: { $0.input == "-" }) && StandardStreams.stdinIsTerminal {
            throw ValidationError("no input: give an image file, or pipe one into stdin")
        }
    }

    /// Reads a job's input: a file, or all of stdin for `-`.
    static func read(_ input: String, limit: Int = .max) throws -> [UInt8] {
        input == "-" ? try StandardStreams.readStandardInput(limit: limit) : try StandardStreams.readFile(input, limit: limit)
    }

    /// Encodes `image` in the format the options and destination call for, then writes it.
    static func write(_ image: Image, for job: PipelineJob, inputFormat: ImageFormat, settings options: WriteSettings) throws {
        var encoding = EncodeOptions(format: options.format ?? inputFormat, bitDepth: options.depth ?? image.bitDepth,
                                     quality: options.quality, background: options.background)
        switch job.destination {
        case .standardOutput:
            try StandardStreams.writeStandardOutput(image.encoded(encoding))
        case .file(let path):
            let fileExtension = PathName.fileExtension(path)
            if options.format == nil, let named = ImageFormat(fileExtension: fileExtension) { encoding.format = named }
            if encoding.format == .pnm { encoding.netpbmVariant = NetpbmVariant(fileExtension: fileExtension) }
            let bytes = try image.encoded(encoding)
            do {
                try AtomicFileWriter.write(bytes, to: path)
            } catch let error as FileWriteError {
                throw OutputFailure(path: path, error: .cannotWrite(error.reason))
            }
        }
    }

    /// Creates the `-o DIR` folder (and its parents) up front, once rather than per file.
    func createFolder(_ folder: String) throws {
        do { try IGNFiles.createFolder(folder) } catch { throw FileFailure(path: folder, error: error) }
    }
}

/// The encoding choices of ``OutputOptions``, as a value that can cross threads.
struct WriteSettings: Sendable {
    var format: ImageFormat?
    /// nil: the image's own depth.
    var depth: Int?
    var quality: Int
    var background: RGBColor

    init(_ options: OutputOptions, background: RGBColor) {
        format = options.format
        depth = options.depth
        quality = options.quality
        self.background = background
    }
}

/// A write failure, named after the output path rather than the input.
struct OutputFailure: Error, CustomStringConvertible {
    let path: String
    let error: CommandError
    var description: String { "\(path): \(error)" }
}
