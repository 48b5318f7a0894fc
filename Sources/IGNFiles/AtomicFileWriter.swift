#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Why a file could not be written: the system's one-line reason ("Permission denied").
public struct FileWriteError: Error, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { "cannot write: \(reason)" }
}

/// Writes files the way pngquant and jpegoptim do: to a temporary file in the destination
/// folder, flushed to disk, then `rename(2)` over the destination. A failed or interrupted
/// write never leaves a partial file and never damages an existing one (the temporary file
/// is removed on error and on SIGINT/SIGTERM/SIGHUP: ``TerminationSignals``, which the first
/// write installs).
public enum AtomicFileWriter {
    /// Writes `bytes` to `path` atomically, with the permissions a new file would get (0666 & ~umask).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try write($0, to: path) }
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try write($0, to: path) }
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        TerminationSignals.install()
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let (descriptor, temporary) = try TemporaryFiles.shared.create(
            template: folder + "/." + url.lastPathComponent + ".ign-XXXXXX")
        var isOpen = true
        do {
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileWriteError(reason: systemError())
                }
                offset += written
            }
            fchmod(descriptor, 0o666 & ~FileCreationMask.current)
            guard fsync(descriptor) == 0 || errno == EINVAL else { throw FileWriteError(reason: systemError()) }
            isOpen = false                     // closed below whatever close returns
            guard close(descriptor) == 0 else { throw FileWriteError(reason: systemError()) }
            try TemporaryFiles.shared.commit(temporary, to: path)
        } catch {
            if isOpen { close(descriptor) }
            TemporaryFiles.shared.discard(temporary)
            throw error
        }
    }

    /// The text of the last system error.
    static func systemError() -> String { String(cString: strerror(errno)) }
}

/// The process's umask, read once.
enum FileCreationMask {
    static let current: mode_t = {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }()
}
