import CKernels

/// A fixed left-hand matrix (a layer's weights in an inference copy) packed once for
/// products with narrow right-hand sides — a batch of one small image, where the product
/// has a few dozen columns and BLAS's sgemm would spend most of its time repacking the
/// weights at every call.
///
/// The kernel (`CKernels`: AVX-512 where the CPU has it, one pass over each weight panel
/// for up to 28 columns; else AVX2/FMA, in blocks of six columns) is chosen at run time; on
/// CPUs with neither, or for wide right-hand sides, `init` returns nil / `handles` is false
/// and callers use BLAS.
public final class PackedMatrix: @unchecked Sendable {
    /// Rows of the product (`m`).
    let rows: Int
    /// The shared dimension (`k`).
    let depth: Int
    private let panels: FloatBuffer

    /// Whether this CPU runs the `CKernels` kernels (this one and the Winograd transforms).
    static let isAvailable = ign_kernels_available() != 0
    /// The widest right-hand side the packed kernel is used for; wider ones go to sgemm,
    /// which is as fast there
    /// (1,024: the 64×64×3 layout's batch-1 inference, whose layers have 16 to 1,024 columns,
    /// ran 6.63 → 6.01 ms, median of 5 alternating runs each, AMD EPYC; widths up to 1,024 at
    /// batch 64 and the 28×28 layout were unchanged; wider right-hand sides were slower.)
    static let maximumColumns = 1024

    /// Packs `op(A)` (`rows × depth`; with `transposed`, `A` is stored `depth × rows`), or
    /// nil when this CPU cannot run the kernel.
    public init?(_ a: UnsafePointer<Float>, rows: Int, depth: Int, transposed: Bool) {
        guard Self.isAvailable, rows > 0, depth > 0 else { return nil }
        let height = Int(IGN_PACKED_PANEL_ROWS)
        let count = (rows + height - 1) / height
        self.rows = rows
        self.depth = depth
        self.panels = FloatBuffer(capacity: count * height * depth)
        // Panel p holds rows p·height ..< (p+1)·height, column by column: element (r, k) at
        // (p·depth + k)·height + r; rows past the end are zeros.
        let target = panels.pointer
        for panel in 0..<count {
            let first = panel * height, filled = min(height, rows - first)
            let block = target + panel * depth * height
            if filled < height { block.initialize(repeating: 0, count: depth * height) }
            if transposed {
                // A stored depth × rows: each k is a contiguous run of the panel's rows.
                for k in 0..<depth {
                    (block + k * height).update(from: a + k * rows + first, count: filled)
                }
            } else {
                // A stored rows × depth: the panel is written in order, one k at a time, reading
                // the panel's rows side by side (each row's cache lines serve `height`
                // consecutive k; writing row by row instead scattered every store).
                let source = a + first * depth
                for k in 0..<depth {
                    let column = block + k * height
                    for r in 0..<filled { column[r] = source[r * depth + k] }
                }
            }
        }
    }

    /// Whether `multiply` should be used for a right-hand side of `columns` columns.
    public func handles(columns: Int) -> Bool { Self.pays(columns: columns) }

    /// Whether a packed matrix would be used for `columns` columns on this CPU (so whether
    /// packing one is worth it).
    public static func pays(columns: Int) -> Bool { isAvailable && columns <= maximumColumns }

    /// `C = A · B`: `B` is `depth × columns` and `C` is `rows × columns`, both row-major and
    /// dense. Panels are shared out over the worker threads.
    public func multiply(_ b: UnsafePointer<Float>, columns: Int, into c: UnsafeMutablePointer<Float>) {
        let height = Int(IGN_PACKED_PANEL_ROWS)
        let count = (rows + height - 1) / height
        let (rows, depth, packed) = (rows, depth, UnsafePointer(panels.pointer))
        Parallel.forEach(count, valuesPerIteration: height * depth * max(columns, 4) / 4) { panel in
            ign_packed_gemm(packed, rows, depth, panel, panel + 1, b, columns, columns, c, columns)
        }
    }
}
