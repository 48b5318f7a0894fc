#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes files the way pngquant and jpegoptim do: to a temporary file in the destination
/// folder, then `rename(2)` over the destination. A failed or interrupted write never leaves a
/// partial file and never damages an existing one.
enum AtomicFileWriter {
    /// Writes `bytes` to `path` atomically, with the permissions a new file would get (0666 & ~umask).
    static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var template = Array((folder + "/." + url.lastPathComponent + ".ign-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw CommandError.cannotWrite(StandardStreams.lastErrorText()) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        TemporaryFiles.shared.register(temporary)
        defer { TemporaryFiles.shared.unregister(temporary) }
        do {
            do {
                try StandardStreams.writeAll(bytes, to: descriptor)
            } catch let failure as StandardStreams.WriteFailure {
                throw CommandError.cannotWrite(String(cString: strerror(failure.code)))
            }
            fchmod(descriptor, 0o666 & ~FileCreationMask.current)
            guard fsync(descriptor) == 0 || errno == EINVAL else {
                throw CommandError.cannotWrite(StandardStreams.lastErrorText())
            }
            guard close(descriptor) == 0 else { throw CommandError.cannotWrite(StandardStreams.lastErrorText()) }
            guard rename(temporary, path) == 0 else { throw CommandError.cannotWrite(StandardStreams.lastErrorText()) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
    }
}

/// The process's umask, read once.
enum FileCreationMask {
    static let current: mode_t = {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }()
}
