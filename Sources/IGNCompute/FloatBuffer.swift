#if canImport(Glibc)
import Glibc
#endif

/// A growable, 64-byte-aligned block of `Float`s reused across steps as scratch memory.
///
/// Hot loops never allocate: a buffer grows only when asked for more than it ever held,
/// and keeps its memory until it is released. Contents are undefined after growing.
public final class FloatBuffer: @unchecked Sendable {
    /// The start of the memory; valid for `capacity` elements until the next `reserve`.
    public private(set) var pointer: UnsafeMutablePointer<Float>
    /// How many elements fit without growing.
    public private(set) var capacity: Int

    /// An empty buffer that allocates on first use.
    public init(capacity: Int = 0) {
        self.capacity = max(capacity, 16)
        self.pointer = FloatBuffer.allocate(self.capacity)
    }

    deinit { UnsafeMutableRawPointer(pointer).deallocate() }

    /// Makes room for `count` elements, returning the (possibly new) start of the memory.
    @discardableResult
    public func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            UnsafeMutableRawPointer(pointer).deallocate()
            capacity = count
            pointer = FloatBuffer.allocate(count)
        }
        return pointer
    }

    /// Sets the first `count` elements to zero.
    public func zero(_ count: Int) {
        precondition(count <= capacity)
        pointer.update(repeating: 0, count: count)
    }

    /// Huge-page size. Buffers of two of these and more are placed on such boundaries and
    /// offered to the kernel as huge pages: streaming a layer's weights or a batch's
    /// activations then misses the TLB far less (`Tools/weight-stream-probe.c`: a 4.7 MB
    /// layer's packed weights, out of cache, one pass: 210–260 → 190–200 µs).
    private static let hugePageBytes = 2 << 20

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let bytes = count * MemoryLayout<Float>.stride
        guard bytes >= 2 * hugePageBytes else {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
            return raw.bindMemory(to: Float.self, capacity: count)
        }
        let rounded = (bytes + hugePageBytes - 1) / hugePageBytes * hugePageBytes
        let raw = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: hugePageBytes)
        #if canImport(Glibc)
        _ = madvise(raw, rounded, MADV_HUGEPAGE)            // advice only: failure changes nothing
        #endif
        return raw.bindMemory(to: Float.self, capacity: count)
    }
}
