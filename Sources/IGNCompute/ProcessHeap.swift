import CKernels
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The process's heap, made ready for a model that is about to be loaded.
public enum ProcessHeap {
    private static let prepared = Atomic<Bool>(false)

    /// Before a model of `values` numbers is loaded: grows the calling thread's heap by what
    /// loading may fill (room for four F32 copies — the weights, their folded, packed and
    /// Winograd-transformed inference copies — plus 8 MiB for images and activations; copies
    /// made later on other threads land in those threads' heaps) and puts
    /// that range on transparent huge pages (`ign_grow_heap_on_huge_pages`), cutting a
    /// one-image `ign project`'s page faults by four fifths. Done once per process (later
    /// calls do nothing), at most 30 MiB; the environment variable `IGN_HUGE_PAGES=0`
    /// turns it off (to measure the difference).
    public static func prepareForModel(values: Int) {
        guard !prepared.exchange(true, ordering: .relaxed) else { return }
        if let value = getenv("IGN_HUGE_PAGES"), String(cString: value) == "0" { return }
        _ = ign_grow_heap_on_huge_pages(16 * values + (8 << 20), nil, nil)
    }
}
