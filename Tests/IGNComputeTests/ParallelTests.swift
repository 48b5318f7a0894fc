import Dispatch
@testable import IGNCompute
import XCTest

/// `Parallel.forEach` over the spinning worker pool: every index exactly once, also when
/// several threads run loops at the same time (the pool is busy, Dispatch takes over).
final class ParallelTests: XCTestCase {
    /// Σ (i + 1) over a parallel loop that adds i + 1 at index i; nil unless every index
    /// was visited exactly once.
    private static func sum(of count: Int) -> Int? {
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: count)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: count)
        Parallel.forEach(count, valuesPerIteration: 1 << 16) { i in counts[i] += i + 1 }
        var total = 0
        for i in 0..<count {
            if counts[i] != i + 1 { return nil }
            total += counts[i]
        }
        return total
    }

    func testEveryIndexRunsOnce() {
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        for threads in [1, 2, 3] {
            Parallel.threadCount = threads
            for count in [1, 2, 5, 64, 1000] {
                XCTAssertEqual(Self.sum(of: count), count * (count + 1) / 2, "\(count) on \(threads) threads")
            }
        }
        // Many short loops back to back: workers hand over while spinning and after sleeping.
        Parallel.threadCount = 2
        for round in 0..<2000 {
            XCTAssertEqual(Self.sum(of: 7), 28, "round \(round)")
            if round % 500 == 0 { usleep(2_000) }         // let the workers park
        }
    }

    func testConcurrentCallers() {
        let saved = Parallel.threadCount
        defer { Parallel.threadCount = saved }
        Parallel.threadCount = 2
        nonisolated(unsafe) let totals = UnsafeMutablePointer<Int>.allocate(capacity: 4)
        defer { totals.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            var total = 0
            for _ in 0..<200 { total += Self.sum(of: 33) ?? -1_000_000 }
            totals[caller] = total
        }
        for caller in 0..<4 { XCTAssertEqual(totals[caller], 200 * 33 * 34 / 2) }
    }
}
