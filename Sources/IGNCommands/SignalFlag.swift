import Dispatch
import Foundation

/// Becomes set when one of the given signals arrives (instead of the signal ending the
/// process), so that a long loop can stop at a safe point: training checks it between steps.
final class SignalFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private var sources: [DispatchSourceSignal] = []

    init(signals: [Int32]) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.lock.withLock { self?.set = true } }
            source.resume()
            sources.append(source)
        }
    }

    /// Whether a signal has arrived.
    var isSet: Bool { lock.withLock { set } }
}
