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
    /// which is as fast there.
    static let maximumColumns = 64

    /// Packs `op(A)` (`rows × depth`; with `transposed`, `A` is stored `depth × rows`), or
    /// nil when this CPU cannot run the kernel.
    public init?(_ a: UnsafePointer<Float>, rows: Int, depth: Int, transposed: Bool) {
        guard Self.isAvailable, rows > 0, depth > 0 else { return nil }
        let height = Int(IGN_PACKED_PANEL_ROWS)
        let count = (rows + height - 1) / height
        self.rows = rows
        self.depth = depth
        self.panels = FloatBuffer(capacity: count * height * depth)
        let target = panels.pointer
        for panel in 0..<count {
            for k in 0..<depth {
                let column = target + (panel * depth + k) * height
                for r in 0..<height {
                    let row = panel * height + r
                    column[r] = row >= rows ? 0 : (transposed ? a[k * rows + row] : a[row * depth + k])
                }
            }
        }
    }

    /// Whether `multiply` should be used for a right-hand side of `columns` columns.
    public func handles(columns: Int) -> Bool { columns <= Self.maximumColumns }

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
