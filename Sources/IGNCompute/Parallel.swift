import Dispatch

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
        let chunk = { (t: Int) in
            guard t < threads else { return }
            for i in (count * t / threads)..<(count * (t + 1) / threads) { body(i) }
        }
        if WorkerPool.shared.run(participants: threads, chunk) { return }
        withoutActuallyEscaping(chunk) { chunk in
            DispatchQueue.concurrentPerform(iterations: threads, execute: chunk)
        }
    }
}
