import IGNFiles

/// One memory budget shared by the images a batch works on at once (`-j N`): before a
/// worker decodes an image it reserves the bytes the admission check estimated for it
/// (``IGNImage/Image/memoryNeeded(_:limits:)``), and it releases them once the image is
/// written, so that N images at once take the one budget rather than N of them.
///
/// A reservation that does not fit beside the others waits until they release enough.
/// Reservations are granted in the order they were asked for, so a large image is not
/// starved by a stream of small ones; and a reservation is granted whenever nothing else is
/// reserved, so an image that needs the whole budget (or, refused or not, more) is always
/// admitted eventually: no deadlock. A worker waiting here is stopped by a signal like any
/// other thread: `TerminationSignals` ends the process.
public final class MemoryReservations: @unchecked Sendable {
    /// The bytes that may be reserved at once.
    public let capacity: Int
    private let condition = Condition()
    private var reserved = 0
    private var nextTicket = 0, serving = 0

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// Bytes reserved now.
    public var inUse: Int { condition.lock(); defer { condition.unlock() }; return reserved }

    /// Waits until `bytes` fit beside what is reserved (or nothing else is), in turn, then
    /// reserves them; returns what to pass to ``release(_:)``.
    public func reserve(_ bytes: Int) -> Int {
        let bytes = max(0, bytes)
        condition.lock()
        defer { condition.unlock() }
        let ticket = nextTicket
        nextTicket += 1
        while ticket != serving || (reserved > 0 && bytes > capacity - reserved) {
            condition.wait()
        }
        reserved += bytes
        serving += 1
        condition.broadcast()   // the next in line may fit too
        return bytes
    }

    /// Gives back what ``reserve(_:)`` returned.
    public func release(_ bytes: Int) {
        condition.lock()
        reserved -= bytes
        precondition(reserved >= 0, "released more than was reserved")
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `body` holding `bytes` of the budget, released however it ends.
    public func withReservation<Result>(of bytes: Int, _ body: () throws -> Result) rethrows -> Result {
        let held = reserve(bytes)
        defer { release(held) }
        return try body()
    }
}
