import Dispatch
import XCTest
@testable import IGNFiles

final class LockTests: XCTestCase {
    func testLockSerialisesUpdatesAcrossThreads() {
        final class Counter: @unchecked Sendable { let lock = Lock(); var value = 0 }
        let counter = Counter()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { counter.lock.withLock { counter.value += 1 } }
        }
        XCTAssertEqual(counter.value, 80_000)
    }

    func testDetachedThreadRuns() {
        let done = DispatchSemaphore(value: 0)
        XCTAssertTrue(startDetachedThread { done.signal() })
        XCTAssertEqual(done.wait(timeout: .now() + 5), .success)
    }
}
