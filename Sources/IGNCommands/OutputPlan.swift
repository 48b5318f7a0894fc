import ArgumentParser
import Foundation
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

/// Turns the command line's inputs and output options into jobs, enforcing the pipeline's rules.
public enum OutputPlan {
    /// - Throws: `ValidationError` (exit 64) for combinations that cannot work.
    public static func jobs(inputs: [String], output: String?, suffix: String?, format: ImageFormat?,
                            fileManager: FileManager = .default) throws -> [PipelineJob] {
        let toStdout = output == nil || output == "-"
        if inputs.count > 1 && toStdout && suffix == nil {
            throw ValidationError("several inputs need -o DIR or --suffix TEXT")
        }
        if inputs == ["-"] && suffix != nil && toStdout {
            throw ValidationError("--suffix needs input files (stdin has no name); use -o FILE")
        }
        if toStdout && suffix == nil {
            return inputs.map { PipelineJob(input: $0, destination: .standardOutput) }
        }
        // A folder: several inputs, --suffix, an existing directory, or a path ending in '/'.
        let folder: String?
        if let output, !toStdout {
            var isDirectory: ObjCBool = false
            let exists = fileManager.fileExists(atPath: output, isDirectory: &isDirectory)
            if inputs.count > 1 || suffix != nil || isDirectory.boolValue || output.hasSuffix("/") {
                if exists && !isDirectory.boolValue {
                    throw ValidationError("-o \(output) must be a folder for several inputs or --suffix")
                }
                folder = output
            } else {
                return [PipelineJob(input: inputs[0], destination: .file(output))]
            }
        } else {
            folder = nil
        }
        var seen: [String: String] = [:]
        return try inputs.map { input in
            let name = input == "-" ? "stdin" : (input as NSString).lastPathComponent
            var stem = (name as NSString).deletingPathExtension
            var fileExtension = (name as NSString).pathExtension
            if let format { fileExtension = ImageFormat(fileExtension: fileExtension) == format ? fileExtension : format.fileExtension() }
            if let suffix { stem += suffix }
            let fileName = fileExtension.isEmpty ? stem : stem + "." + fileExtension
            let directory = folder ?? (input as NSString).deletingLastPathComponent
            let path = directory.isEmpty ? fileName : (directory as NSString).appendingPathComponent(fileName)
            if let other = seen[path] {
                throw ValidationError("\(other) and \(input) would both be written to \(path)")
            }
            seen[path] = input
            return PipelineJob(input: input, destination: .file(path))
        }
    }
}
