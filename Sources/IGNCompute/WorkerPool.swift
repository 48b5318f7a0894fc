import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Long-lived worker threads for `Parallel.forEach` that wait for work by spinning for a
/// short while before they sleep.
///
/// Waking a sleeping thread costs tens of microseconds on a virtual machine — more than a
/// whole layer's work at batch 1, where a pass is a few dozen short parallel loops — so
/// a thread that has just finished a loop keeps watching for the next one for
/// `spinSeconds` before it parks on a semaphore. One loop runs at a time; a second caller
/// that finds the pool busy is told so and uses another way.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()

    /// How long an idle worker spins before it sleeps.
    static let spinSeconds = 0.000_2

    private final class Worker: @unchecked Sendable {
        let sleeping = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
    }

    private let busy = Atomic<Bool>(false)
    private let generation = Atomic<Int>(0)
    /// Who is inside the current loop: the workers that joined it (low bits) and whether the
    /// caller has closed it to newcomers (`closed`).
    private let entry = Atomic<Int>(0)
    private static let closed = 1 << 62
    /// The current loop's work and how many workers may join it; written before `entry` is
    /// reset and `generation` moves on.
    private nonisolated(unsafe) var job: (() -> Void)?
    private nonisolated(unsafe) var helpers = 0
    private var workers: [Worker] = []

    /// Runs `work` on the calling thread and on up to `helpers` workers that join while the
    /// caller is still at it, and returns when the caller's call and every joined worker's
    /// are done; returns false at once when the pool is running another loop.
    ///
    /// `work` must share itself out (claiming pieces until none are left), so that a worker
    /// the scheduler has not run yet — the other core busy with another process — costs
    /// nothing: the caller does its part, closes the loop, and waits only for workers that
    /// joined. (With fixed equal shares, the caller waited for a descheduled worker's half;
    /// on a shared machine two threads then ran slower than one.)
    func run(helpers count: Int, _ work: () -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            return false
        }
        while workers.count < count { start(index: workers.count + 1) }
        withoutActuallyEscaping(work) { work in
            job = work
            helpers = count
            entry.store(0, ordering: .sequentiallyConsistent)
            generation.add(1, ordering: .sequentiallyConsistent)
            for worker in workers.prefix(count) where worker.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
                worker.wake.signal()
            }
            work()
            var state = entry.load(ordering: .relaxed)
            while true {
                let (exchanged, original) = entry.compareExchange(expected: state, desired: state | Self.closed,
                                                                  ordering: .acquiringAndReleasing)
                if exchanged { break }
                state = original
            }
            while entry.load(ordering: .acquiring) & ~Self.closed > 0 {}
            job = nil
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    private func start(index: Int) {
        let worker = Worker()
        workers.append(worker)
        let seen = generation.load(ordering: .acquiring)
        let thread = Thread { [unowned self] in self.serve(worker, index: index, seen: seen) }
        thread.start()
    }

    private func serve(_ worker: Worker, index: Int, seen initial: Int) {
        var seen = initial
        while true {
            var current = generation.load(ordering: .acquiring)
            var spins = 0
            var deadline: UInt64 = 0
            while current == seen {
                spins += 1
                if spins & 255 == 0 {
                    let now = DispatchTime.now().uptimeNanoseconds
                    if deadline == 0 {
                        deadline = now + UInt64(Self.spinSeconds * 1e9)
                    } else if now > deadline {
                        park(worker, seen: seen)
                        deadline = 0
                    }
                }
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            guard join() else { continue }      // closed already: the caller did the work
            if index <= helpers { runJob() }
            entry.subtract(1, ordering: .releasing)
        }
    }

    /// Enters the current loop unless the caller has closed it.
    private func join() -> Bool {
        var state = entry.load(ordering: .acquiring)
        while state & Self.closed == 0 {
            let (exchanged, original) = entry.compareExchange(expected: state, desired: state + 1,
                                                              ordering: .acquiringAndReleasing)
            if exchanged { return true }
            state = original
        }
        return false
    }

    /// Calls the current loop's work. A function of its own so that the worker's reference
    /// to the closure is released before it reports itself done: `run` clears the closure
    /// once every joined worker is.
    @inline(never)
    private func runJob() {
        job?()
    }

    /// Sleeps until a caller signals, unless a loop was published meanwhile.
    private func park(_ worker: Worker, seen: Int) {
        worker.sleeping.store(true, ordering: .sequentiallyConsistent)
        if generation.load(ordering: .sequentiallyConsistent) != seen,
           worker.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
            return                              // published meanwhile, and nobody will signal
        }
        worker.wake.wait()
    }
}

/// A detached thread running one closure (Foundation's `Thread` without Foundation).
private final class Thread: @unchecked Sendable {
    private let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }

    func start() {
        var handle = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&handle, nil, { context in
            let thread = Unmanaged<Thread>.fromOpaque(context!).takeRetainedValue()
            thread.body()
            return nil
        }, context)
        precondition(status == 0, "cannot start a worker thread")
        pthread_detach(handle)
    }
}
