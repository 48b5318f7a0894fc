#if canImport(Glibc)
import Glibc
#endif

/// Image-sized buffers go back to the system when they are freed.
///
/// glibc's malloc maps a large block on its own and unmaps it on `free`, but after the first
/// such `free` it raises that threshold to the freed block's size (up to 32 MiB), so the next
/// image's buffers come from a heap that keeps freed memory resident. With `-j N` every
/// worker thread has a heap (an arena) of its own, and each kept the largest image it had
/// worked on: four threads over 4000×4000 gray images (31 MiB of samples each) peaked at
/// 119 MiB though the shared budget let one image in at a time (56 MiB with -j 1). A fixed
/// threshold keeps every block of 1 MiB or more mapped on its own, whatever came before.
enum LargeAllocations {
    /// Blocks at least this large are mapped on their own and unmapped when freed.
    static let threshold: Int32 = 1 << 20

    /// `mallopt`'s parameter for the threshold (`M_MMAP_THRESHOLD` in glibc's malloc.h,
    /// which the Glibc module does not include).
    private static let mmapThresholdParameter: Int32 = -3

    /// Sets the threshold (and so turns off its adjustment); once, at start. Looked up at
    /// run time: a C library without `mallopt` is left as it is.
    static func returnToTheSystemWhenFreed() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }   // nil: RTLD_DEFAULT
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThresholdParameter, threshold)
        #endif
    }
}
