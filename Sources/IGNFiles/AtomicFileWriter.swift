#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials

/// Why a file could not be written: the system's one-line reason ("Permission denied").
public struct FileWriteError: Error, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { "cannot write: \(reason)" }
}

/// Writes files the way pngquant and jpegoptim do: to a temporary file in the destination
/// folder (flushed to disk first when it replaces a file), then `rename(2)` over the
/// destination. A failed or interrupted
/// write never leaves a partial file and never damages an existing one: the temporary file is
/// removed on error and on SIGINT/SIGTERM/SIGHUP (``TerminationSignals``, which the first
/// write installs).
///
/// What the path names is respected (``WriteTarget``):
/// - a character device (`/dev/null`) or a FIFO is written in place: no temporary file, no
///   rename, so the device stays a device and the FIFO's reader gets the bytes; a terminal is
///   refused (binary data);
/// - a symbolic link is followed to the file it names, which is replaced; the link stays;
/// - a file being replaced keeps its mode (and, when the process may set it, its owner); a new
///   file gets 0666 & ~umask, as with `>` in a shell;
/// - a directory, socket or block device is refused.
public enum AtomicFileWriter {
    /// Writes `bytes` to `path`.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try write($0, to: path) }
    }

    /// Writes `data` to `path`.
    public static func write(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try write($0, to: path) }
    }

    private static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        switch try WriteTarget.resolve(path) {
        case .stream:
            if try writeInPlace(bytes, to: path) { return }
            // It stopped being a stream between the look and the open: look again, and
            // replace it as a file (flushed if it is one now).
            switch try WriteTarget.resolve(path) {
            case .file(let final, let existing): try replace(final, with: bytes, keeping: existing)
            case .stream: try replace(WriteTarget.finalTarget(of: path), with: bytes, keeping: nil)
            }
        case .file(let final, let existing):
            try replace(final, with: bytes, keeping: existing)
        }
    }

    /// Writes into a character device or FIFO as it is. Returns false, having written nothing,
    /// when what `path` names is not one (any more).
    private static func writeInPlace(_ bytes: UnsafeRawBufferPointer, to path: String) throws -> Bool {
        // Blocks until a FIFO has a reader, as `> fifo` in a shell does.
        let descriptor = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { throw FileWriteError(reason: systemError()) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0,
              [S_IFCHR, S_IFIFO].contains(status.st_mode & S_IFMT) else { return false }
        if isatty(descriptor) != 0 { throw FileWriteError(reason: "is a terminal; refusing to write binary data to it") }
        try writeAll(bytes, to: descriptor)
        return true
    }

    /// Writes a temporary file next to `path`, then renames it over `path`.
    private static func replace(_ path: String, with bytes: UnsafeRawBufferPointer,
                                keeping existing: WriteTarget.ExistingFile?) throws {
        TerminationSignals.install()
        // The name stays under NAME_MAX (255 bytes) even for a long destination name.
        let name = String(decoding: WriteTarget.name(of: path).utf8.prefix(200), as: UTF8.self)
        let (descriptor, temporary) = try TemporaryFiles.shared.create(
            template: WriteTarget.folder(of: path) + "." + name + ".ign-XXXXXX")
        var isOpen = true
        do {
            try writeAll(bytes, to: descriptor)
            if let existing {
                if existing.owner != geteuid() || existing.group != getegid() {
                    _ = fchown(descriptor, existing.owner, existing.group)  // allowed for root only: best effort
                }
                fchmod(descriptor, existing.mode)  // after fchown, which clears set-user-ID bits
            } else {
                fchmod(descriptor, 0o666 & ~FileCreationMask.current)
            }
            // Before an existing file is replaced, the new bytes reach the disk, so that a
            // crash of the machine cannot leave an empty file where the old one was. A new
            // file is not flushed (as `cp`, `convert` or `>` do not): a machine crash can
            // leave it empty or partial, but only under a name that held nothing before, and
            // a run over a folder does not wait on the disk for every file.
            if existing != nil {
                guard fsync(descriptor) == 0 || errno == EINVAL else { throw FileWriteError(reason: systemError()) }
            }
            isOpen = false                     // closed below whatever close returns
            guard close(descriptor) == 0 else { throw FileWriteError(reason: systemError()) }
            try TemporaryFiles.shared.commit(temporary, to: path)
        } catch {
            if isOpen { close(descriptor) }
            TemporaryFiles.shared.discard(temporary)
            throw error
        }
    }

    /// `writeAll`, its failure as a `FileWriteError`.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws {
        do { try IGNFiles.writeAll(bytes, to: descriptor) } catch {
            throw FileWriteError(reason: "\(error)")
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
