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
    private let unfinished = Atomic<Int>(0)
    /// The current loop's chunk function; written before `generation` moves on.
    private nonisolated(unsafe) var job: ((Int) -> Void)?
    private var workers: [Worker] = []

    /// Runs `chunk(t)` for `t` in `0 ..< participants` — `t = 0` on the calling thread, the
    /// others on workers — and returns true when all are done; returns false at once when
    /// the pool is running another loop. Workers beyond `participants` call `chunk` with
    /// their own index too (it must do nothing for indices it does not expect).
    func run(participants: Int, _ chunk: (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            return false
        }
        while workers.count < participants - 1 { start(index: workers.count + 1) }
        withoutActuallyEscaping(chunk) { chunk in
            job = chunk
            unfinished.store(workers.count, ordering: .relaxed)
            generation.add(1, ordering: .sequentiallyConsistent)
            for worker in workers where worker.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
                worker.wake.signal()
            }
            chunk(0)
            while unfinished.load(ordering: .acquiring) > 0 {}
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
            runJob(index)
            unfinished.subtract(1, ordering: .releasing)
        }
    }

    /// Calls the current loop's chunk. A function of its own so that the worker's reference
    /// to the closure is released before it reports the chunk done: `run` checks, as it
    /// returns, that nobody still holds the closure.
    @inline(never)
    private func runJob(_ index: Int) {
        job?(index)
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
