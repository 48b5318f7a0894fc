import Dispatch
import Synchronization

/// Splits loops over the machine's cores.
public enum Parallel {
    /// Number of worker threads used by `forEach` (defaults to the number of active cores).
    nonisolated(unsafe) public static var threadCount = max(1, ProcessInfoCores.count)

    /// Values of work below which a loop runs on the calling thread: waking a second
    /// thread costs more than the work of a few thousand values (tiny maps at batch 1).
    public static let minimumValuesPerThread = 8192

    /// Runs `body(i)` for every `i` in `0..<count`, in contiguous chunks across the cores,
    /// when there is enough work: `valuesPerIteration` estimates the values one call touches.
    ///
    /// The chunks go to `WorkerPool.shared`, whose threads wait for work spinning briefly
    /// (handing over takes well under a microsecond); when another loop already holds the
    /// pool (concurrent jobs of `ign -j`), to Dispatch's threads instead.
    public static func forEach(_ count: Int, valuesPerIteration: Int, _ body: (Int) -> Void) {
        let byWork = count * max(valuesPerIteration, 1) / minimumValuesPerThread
        let threads = min(threadCount, count, byWork)
        if threads <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        // More pieces than threads, claimed one at a time: a thread the scheduler keeps
        // waiting takes fewer, and the others do the rest.
        let pieces = min(count, threads * piecesPerThread)
        let next = PieceCounter()
        let work = {
            while true {
                let piece = next.claim()
                guard piece < pieces else { return }
                for i in (count * piece / pieces)..<(count * (piece + 1) / pieces) { body(i) }
            }
        }
        if WorkerPool.shared.run(helpers: threads - 1, work) { return }
        withoutActuallyEscaping(work) { work in
            DispatchQueue.concurrentPerform(iterations: threads) { _ in work() }
        }
    }

    /// Pieces per thread a parallel loop is cut into.
    static let piecesPerThread = 4
}

/// The next unclaimed piece of a parallel loop.
private final class PieceCounter: @unchecked Sendable {
    private let next = Atomic<Int>(0)
    func claim() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}
