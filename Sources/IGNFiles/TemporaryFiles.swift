#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// Temporary files being written, removed if SIGINT, SIGTERM or SIGHUP ends the process.
public final class TemporaryFiles: @unchecked Sendable {
    /// The process's registry.
    public static let shared = TemporaryFiles()

    private let lock = NSLock()
    private var paths: Set<String> = []
    private var signalSources: [DispatchSourceSignal] = []

    /// Marks a file as temporary until `unregister`.
    public func register(_ path: String) { lock.withLock { _ = paths.insert(path) } }
    /// The file is no longer temporary (renamed into place or removed).
    public func unregister(_ path: String) { lock.withLock { _ = paths.remove(path) } }

    /// Installs the cleanup: on a terminating signal, unlink every registered file, then die of the
    /// same signal so the parent sees the usual status. Idempotent.
    public func removeOnTerminatingSignals() {
        lock.withLock {
            guard signalSources.isEmpty else { return }
            for number in [SIGINT, SIGTERM, SIGHUP] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [unowned self] in
                    self.removeAll()
                    signal(number, SIG_DFL)
                    raise(number)
                }
                source.resume()
                signalSources.append(source)
            }
        }
    }

    private func removeAll() {
        lock.withLock {
            for path in paths { unlink(path) }
            paths.removeAll()
        }
    }
}
