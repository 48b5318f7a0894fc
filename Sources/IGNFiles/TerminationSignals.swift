#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials

/// The process's one handler of SIGINT, SIGTERM and SIGHUP.
///
/// The signal handler itself only writes the signal's number into a pipe (write(2) is
/// async-signal-safe; locks, allocation and Swift runtime calls are not). A dedicated thread
/// reads the pipe and acts. It is a plain thread of its own rather than a Dispatch queue,
/// because Dispatch's global queues are the ones busy workers occupy: a handler queued there
/// waited for the whole batch to finish.
///
/// What the thread does with a signal depends on the mode:
/// - **terminate** (the default, for image commands): remove every registered temporary file
///   (``TemporaryFiles``, under its lock, which it keeps), then die of the same signal with its
///   default action, so the parent sees "killed by SIGINT" (a shell reports 130, 143, 129) and
///   a shell loop stops. Outputs already renamed into place are complete; nothing else is left.
/// - **defer** (``deferTermination(of:)``, for loops that must save state first, like training):
///   the first such signal is only recorded (``received``) for the loop to notice at a safe
///   point; a second one terminates as above, for a user who does not want to wait.
///
/// A signal that was ignored when the process started (`nohup`, a background job of a
/// non-interactive shell) stays ignored, as in other Unix tools.
public enum TerminationSignals {
    /// The signals handled: SIGINT (Ctrl-C), SIGTERM (kill, container stop) and SIGHUP (terminal closed).
    public static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Starts handling the signals (terminate mode unless deferred). Idempotent and cheap;
    /// ``AtomicFileWriter`` calls it before it creates a temporary file.
    public static func install() { Watcher.shared.install() }

    /// Records the first of `signals` instead of ending the process; a second signal, or any
    /// other handled one, still terminates. Installs the handling if needed.
    public static func deferTermination(of signals: Set<Int32> = Set(handled)) {
        Watcher.shared.install()
        Watcher.shared.deferring(signals)
    }

    /// The deferred signal that has arrived, if any.
    public static var received: Int32? { Watcher.shared.received }

    /// The exit status a shell shows for a process ended by `signal` (128 + its number).
    public static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

    /// The state behind the pipe; the signal thread is its only reader.
    private final class Watcher: @unchecked Sendable {
        static let shared = Watcher()

        private let lock = Lock()
        private var installed = false
        private var deferred: Set<Int32> = []
        private var first: Int32?

        var received: Int32? { lock.withLock { first } }

        func deferring(_ signals: Set<Int32>) { lock.withLock { deferred = signals } }

        func install() {
            lock.withLock {
                guard !installed else { return }
                installed = true
                var ends: [Int32] = [-1, -1]
                guard pipe(&ends) == 0 else { return }  // no pipe: the default actions stay, which still end the process
                for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
                // A full pipe (a storm of signals) must not block the handler; one byte is enough.
                _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
                signalPipeWriteEnd = ends[1]
                let readEnd = ends[0]
                guard startDetachedThread({ Watcher.shared.listen(on: readEnd) }) else {
                    // Nobody would read the pipe: keep the default actions, which end the process.
                    close(ends[0]); close(ends[1])
                    signalPipeWriteEnd = -1
                    return
                }
                for number in TerminationSignals.handled where !isIgnored(number) {
                    setHandler(number, forwardSignalToPipe)
                }
            }
        }

        private func listen(on descriptor: Int32) {
            var byte: UInt8 = 0
            while true {
                let count = read(descriptor, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                guard count == 1 else { return }
                let number = Int32(byte)
                let deferNow: Bool = lock.withLock {
                    guard deferred.contains(number) && first == nil else { return false }
                    first = number
                    return true
                }
                if !deferNow { terminate(by: number) }
            }
        }

        /// Removes the temporary files, then ends the process by `number` with its default action.
        private func terminate(by number: Int32) -> Never {
            TemporaryFiles.shared.removeAllAndHold()
            setHandler(number, SIG_DFL)
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, number)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            raise(number)
            _exit(TerminationSignals.exitStatus(for: number))  // not reached unless the signal could not kill
        }

        private func isIgnored(_ number: Int32) -> Bool {
            var current = sigaction()
            guard sigaction(number, nil, &current) == 0 else { return false }
            #if canImport(Glibc)
            let handler = current.__sigaction_handler.sa_handler
            #else
            let handler = current.__sigaction_u.__sa_handler
            #endif
            // C function pointers are not Equatable; SIG_IGN is the address 1.
            return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
        }

        private func setHandler(_ number: Int32, _ handler: (@convention(c) (Int32) -> Void)?) {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = handler
            #else
            action.__sigaction_u.__sa_handler = handler
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART  // blocking reads and writes elsewhere resume instead of failing
            sigaction(number, &action, nil)
        }
    }
}

/// The write end of the signal pipe; set before any handler is installed, never changed after.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// The signal handler: async-signal-safe, it only writes the number to the pipe.
private func forwardSignalToPipe(_ number: Int32) {
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd, &byte, 1)
    errno = saved
}
