import Dispatch
import FoundationEssentials
import IGNFiles

/// Runs one closure per item, `jobs` at a time, with a progress bar and per-item error reports.
///
/// A failing item is reported as `ign: NAME: MESSAGE` and skipped; the others still run.
public struct BatchRunner: Sendable {
    /// How many items run at once.
    public var jobs: Int
    /// Report progress even when stderr is not a terminal.
    public var progress: Bool

    public init(jobs: Int, progress: Bool = false) {
        self.jobs = max(1, jobs)
        self.progress = progress
    }

    /// Runs `body` for every item and returns how many failed.
    public func run<Item: Sendable>(_ items: [Item], name: @escaping @Sendable (Item) -> String,
                                    _ body: @escaping @Sendable (Item) throws -> Void) -> Int {
        let progress = ProgressBar(total: items.count, forced: self.progress)
        let state = Counters()
        let work: @Sendable (Int) -> Void = { _ in
            while let index = state.nextIndex(below: items.count) {
                do {
                    try body(items[index])
                } catch {
                    state.addFailure()
                    Console.shared.error(describe(error), subject: name(items[index]))
                }
                progress.update(done: state.finish())
            }
        }
        // Threads of its own rather than DispatchQueue.concurrentPerform: libdispatch sizes
        // that by the CPUs it saw when it was loaded, and ign's start-up (CBLASStartup) narrows
        // the process to one CPU while libraries load, so concurrentPerform ran one at a time.
        let group = DispatchGroup()
        for index in 1..<max(1, min(jobs, items.count)) {
            group.enter()
            let started = startDetachedThread {
                work(index)
                group.leave()
            }
            if !started { group.leave() }   // the other threads take its share: work is claimed item by item
        }
        work(0)
        group.wait()
        progress.finish()
        return state.failures
    }

    /// Shared counters behind a lock.
    private final class Counters: @unchecked Sendable {
        private let lock = Lock()
        private var next = 0, done = 0, failed = 0

        func nextIndex(below count: Int) -> Int? {
            lock.withLock {
                guard next < count else { return nil }
                next += 1
                return next - 1
            }
        }
        func finish() -> Int { lock.withLock { done += 1; return done } }
        func addFailure() { lock.withLock { failed += 1 } }
        var failures: Int { lock.withLock { failed } }
    }
}
