#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials

/// The temporary files being written, so that a terminating signal can remove them.
///
/// Every change to the set happens under one lock, together with the file-system call it
/// stands for: creating a temporary file and registering it, renaming it into place and
/// unregistering it, removing it and unregistering it. The signal thread
/// (``TerminationSignals``) takes the same lock to remove what is left and keeps it until the
/// process is gone, so a signal can never remove a file a worker is renaming (a lost output),
/// never let a rename happen after the clean-up (a worker racing the exit), and never miss a
/// file created a moment before it.
public final class TemporaryFiles: @unchecked Sendable {
    /// The process's registry.
    public static let shared = TemporaryFiles()

    private let lock = Lock()
    private var paths: Set<String> = []

    /// Creates a unique file from a `mkstemp(3)` template (ending in `XXXXXX`) and registers it.
    /// - Returns: the open descriptor and the file's path.
    public func create(template: String) throws -> (descriptor: Int32, path: String) {
        var bytes = Array(template.utf8CString)
        return try lock.withLock {
            let descriptor = bytes.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw FileWriteError(reason: AtomicFileWriter.systemError()) }
            let path = bytes.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            paths.insert(path)
            return (descriptor, path)
        }
    }

    /// Renames a registered file over `destination` and unregisters it, as one step.
    public func commit(_ path: String, to destination: String) throws {
        try lock.withLock {
            guard rename(path, destination) == 0 else { throw FileWriteError(reason: AtomicFileWriter.systemError()) }
            paths.remove(path)
        }
    }

    /// Removes a registered file and unregisters it.
    public func discard(_ path: String) {
        lock.withLock {
            unlink(path)
            paths.remove(path)
        }
    }

    /// Removes every registered file and keeps the lock, so that no temporary file is created
    /// or renamed any more: only for a process about to end.
    func removeAllAndHold() {
        lock.lock()
        for path in paths { unlink(path) }
        paths.removeAll()
    }
}
