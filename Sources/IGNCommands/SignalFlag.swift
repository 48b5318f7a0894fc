#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import IGNFiles

/// Lets a long loop stop at a safe point: the first of the given signals is recorded instead
/// of ending the process, and the loop checks ``isSet`` between steps (training does, to write
/// a checkpoint). A second signal ends the process at once (temporary files removed), for a
/// user who will not wait. The one handler behind it is ``TerminationSignals``.
final class SignalFlag: Sendable {
    init(signals: [Int32] = TerminationSignals.handled) {
        TerminationSignals.deferTermination(of: Set(signals))
    }

    /// Whether a signal has arrived.
    var isSet: Bool { TerminationSignals.received != nil }

    /// The status to exit with once the loop has stopped: what a shell shows for a process the
    /// signal killed (130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP).
    var exitStatus: Int32 { TerminationSignals.received.map(TerminationSignals.exitStatus(for:)) ?? 0 }
}
