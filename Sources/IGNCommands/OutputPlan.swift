#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import FoundationEssentials
import IGNFiles
import IGNImage

/// Where one input's result goes.
public enum Destination: Equatable, Sendable {
    case standardOutput
    case file(String)
}

/// One unit of work: read `input` (a path, or `-` for stdin), write to `destination`.
public struct PipelineJob: Equatable, Sendable {
    public var input: String
    public var destination: Destination

    /// How the input is named in messages.
    public var inputName: String { input == "-" ? "stdin" : input }
}

/// A single output file's folder does not exist. Not a usage error (exit 1, not 64): the
/// command line is fine, the file system is not as it expects.
public struct MissingOutputFolder: Error, Equatable {
    /// The folder, as the command line names it.
    public var folder: String
    /// The line to print after `ign: FOLDER: `.
    public var message: String { "no such folder (create it first, or end -o with '/' to have it created)" }
}

/// Turns the command line's inputs and output options into jobs, enforcing the pipeline's
/// rules before any work starts:
/// - none, `-` or `/dev/stdout` writes stdout; several inputs need `-o DIR` or `--suffix`;
/// - `-o FILE` needs an extension ign writes (`.png`, `.jpg`, `.pgm`…), no extension (the input's
///   format), or `--format`: PNG bytes under `out.gif` would be a lie; a FIFO or device is
///   exempt (its name says nothing about a format);
/// - `-o FILE`'s folder must exist: a typo must not create a tree of folders;
/// - `-o DIR/`, an existing folder, several inputs and `--suffix` write into a folder, created
///   if missing — but `-o NAME.png` for several inputs is refused rather than made a folder;
/// - two inputs may not map to the same output.
public struct OutputPlan: Equatable {
    /// One job per input, in order.
    public var jobs: [PipelineJob]
    /// The folder `-o` names when the outputs go into one (to be created if missing).
    public var folder: String?

    /// The names `-o` may use for stdout.
    public static let standardOutputNames: Set<String> = ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]

    /// The plan's jobs; see ``make(inputs:output:suffix:format:fileManager:)``.
    public static func jobs(inputs: [String], output: String?, suffix: String?, format: ImageFormat?,
                            fileManager: FileManager = .default) throws -> [PipelineJob] {
        try make(inputs: inputs, output: output, suffix: suffix, format: format, fileManager: fileManager).jobs
    }

    /// - Throws: `ValidationError` (exit 64) for combinations that cannot work;
    ///   ``MissingOutputFolder`` for a single output file whose folder does not exist.
    public static func make(inputs: [String], output: String?, suffix: String?, format: ImageFormat?,
                            fileManager: FileManager = .default) throws -> OutputPlan {
        let toStdout = output.map(standardOutputNames.contains) ?? true
        if inputs.count > 1 && toStdout && suffix == nil {
            throw ValidationError("several inputs need -o DIR or --suffix TEXT")
        }
        if inputs == ["-"] && suffix != nil && toStdout {
            throw ValidationError("--suffix needs input files (stdin has no name); use -o FILE")
        }
        if toStdout && suffix == nil {
            return OutputPlan(jobs: inputs.map { PipelineJob(input: $0, destination: .standardOutput) })
        }
        guard let output, !toStdout else {
            return try OutputPlan(jobs: named(inputs, folder: nil, suffix: suffix, format: format))
        }
        let kind = FileKind(path: output)
        let exists = kind != .missing
        if kind == .folder || output.hasSuffix("/") {
            return try OutputPlan(jobs: named(inputs, folder: output, suffix: suffix, format: format), folder: output)
        }
        let fileExtension = PathName.fileExtension(output)
        if inputs.count > 1 || suffix != nil {
            let why = inputs.count > 1 ? "there are \(inputs.count) outputs" : "--suffix needs a folder"
            if exists {
                throw ValidationError("-o \(output) is a file, but \(why)")
            }
            if ImageFormat(fileExtension: fileExtension) != nil {
                throw ValidationError("-o \(output) names one image file, but \(why): use -o DIR/ for a folder")
            }
            return try OutputPlan(jobs: named(inputs, folder: output, suffix: suffix, format: format), folder: output)
        }
        if !fileExtension.isEmpty && ImageFormat(fileExtension: fileExtension) == nil && format == nil
            && !isStream(output) {
            throw ValidationError("-o \(output): ign does not write .\(fileExtension) files; name a .png, .jpg, "
                                  + ".pgm, .ppm, .pam or .pnm file, or say what to write with --format")
        }
        let parent = PathName.parentFolder(of: output)
        if !parent.isEmpty && !fileManager.fileExists(atPath: parent) {
            throw MissingOutputFolder(folder: parent)
        }
        return OutputPlan(jobs: [PipelineJob(input: inputs[0], destination: .file(output))])
    }

    /// Output paths for several inputs: in `folder`, or next to each input.
    private static func named(_ inputs: [String], folder: String?, suffix: String?,
                              format: ImageFormat?) throws -> [PipelineJob] {
        var seen: [String: String] = [:]
        return try inputs.map { input in
            let name = input == "-" ? "stdin" : PathName.lastComponent(input)
            var stem = PathName.deletingExtension(name)
            var fileExtension = PathName.fileExtension(name)
            if let format { fileExtension = ImageFormat(fileExtension: fileExtension) == format ? fileExtension : format.fileExtension() }
            if let suffix { stem += suffix }
            let fileName = fileExtension.isEmpty ? stem : stem + "." + fileExtension
            let directory = folder ?? PathName.parentFolder(of: input)
            let path = directory.isEmpty ? fileName : PathName.joining(directory, fileName)
            if let other = seen[path] {
                throw ValidationError("\(other) and \(input) would both be written to \(path)")
            }
            seen[path] = input
            return PipelineJob(input: input, destination: .file(path))
        }
    }

    /// Whether `path` is a FIFO or character device (following links): written in place, and
    /// named without regard to formats.
    private static func isStream(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        return [S_IFIFO, S_IFCHR].contains(status.st_mode & S_IFMT)
    }
}
