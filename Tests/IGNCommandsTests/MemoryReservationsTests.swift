import Foundation
import IGNCommands
import XCTest

/// The one budget `-j N` workers share, with real threads.
final class MemoryReservationsTests: XCTestCase {
    /// Records the most reserved at once, as the holders see it.
    private final class Peak: @unchecked Sendable {
        private let lock = NSLock()
        private var current = 0, highest = 0, done = 0
        func enter(_ bytes: Int) { lock.withLock { current += bytes; highest = max(highest, current) } }
        func leave(_ bytes: Int) { lock.withLock { current -= bytes; done += 1 } }
        var most: Int { lock.withLock { highest } }
        var finished: Int { lock.withLock { done } }
    }

    /// Runs `body(index)` on `count` threads of their own (concurrentPerform may run one at a
    /// time, see BatchRunner) and waits for them.
    private func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            Thread {
                body(index)
                group.leave()
            }.start()
        }
        group.wait()
    }

    /// Eight threads, 40 reservations of 10–60 bytes against 100: never more than 100 held
    /// at once, every reservation granted, nothing left reserved; and three reservations of
    /// 30 do run together.
    func testConcurrentReservationsStayWithinTheBudget() {
        let budget = MemoryReservations(capacity: 100), peak = Peak()
        onThreads(8) { thread in
            for round in 0..<5 {
                let bytes = 10 + (thread * 7 + round * 13) % 51
                budget.withReservation(of: bytes) {
                    peak.enter(bytes)
                    usleep(UInt32(500 + (thread * round) % 7 * 300))
                    peak.leave(bytes)
                }
            }
        }
        XCTAssertEqual(peak.finished, 40)
        XCTAssertLessThanOrEqual(peak.most, 100)
        XCTAssertEqual(budget.inUse, 0)
        let equal = Peak()
        onThreads(6) { _ in
            for _ in 0..<4 {
                budget.withReservation(of: 30) { equal.enter(30); usleep(5_000); equal.leave(30) }
            }
        }
        XCTAssertEqual(equal.most, 90, "as many as fit, at once")
    }

    /// A reservation of the whole budget, or more, waits for the others and is then granted
    /// alone: no deadlock.
    func testAReservationOfTheWholeBudgetIsGrantedAlone() {
        let budget = MemoryReservations(capacity: 100), peak = Peak()
        let held = budget.reserve(30)
        let granted = DispatchSemaphore(value: 0)
        for bytes in [100, 250] {
            DispatchQueue.global().async {
                budget.withReservation(of: bytes) { peak.enter(bytes); granted.signal(); peak.leave(bytes) }
            }
        }
        XCTAssertEqual(granted.wait(timeout: .now() + 0.2), .timedOut, "waits while 30 bytes are held")
        budget.release(held)
        XCTAssertEqual(granted.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(granted.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(peak.most, 250, "each alone")
    }

    /// Reservations are granted in turn: a small one asked for after a large waiting one does
    /// not pass it, so a stream of small images cannot starve a large one.
    func testReservationsAreGrantedInTurn() {
        let budget = MemoryReservations(capacity: 100)
        let order = NSLock()
        nonisolated(unsafe) var granted: [Int] = []
        let held = budget.reserve(50)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            let bytes = budget.reserve(80)
            order.withLock { granted.append(80) }
            budget.release(bytes)
        }
        usleep(100_000)   // the large one is waiting
        DispatchQueue.global().async(group: group) {
            let bytes = budget.reserve(10)   // would fit beside the 50 held, but its turn is after 80
            order.withLock { granted.append(10) }
            budget.release(bytes)
        }
        usleep(100_000)
        XCTAssertEqual(order.withLock { granted }, [], "neither passes the one waiting")
        budget.release(held)
        XCTAssertEqual(group.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(granted, [80, 10])
    }
}
