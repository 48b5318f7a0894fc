import CBLAS

/// Row-major single-precision matrix products through OpenBLAS's `cblas_sgemm`.
public enum MatrixMultiply {
    /// `C = alpha · op(A) · op(B) + beta · C`, all row-major. Large products are shared out
    /// over the cores unless `onCallingThread` (for callers that run several at once).
    ///
    /// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`. With `transposeA`, `A` is stored
    /// `k × m`; with `transposeB`, `B` is stored `n × k`. Leading dimensions are the stored
    /// row lengths.
    @inline(__always)
    public static func gemm(transposeA: Bool = false, transposeB: Bool = false,
                            m: Int, n: Int, k: Int,
                            alpha: Float = 1,
                            a: UnsafePointer<Float>, lda: Int? = nil,
                            b: UnsafePointer<Float>, ldb: Int? = nil,
                            beta: Float = 0,
                            c: UnsafeMutablePointer<Float>, ldc: Int? = nil,
                            onCallingThread: Bool = false) {
        if m == 0 || n == 0 { return }
        _ = blasRunsOnCallingThread
        let (lda, ldb, ldc) = (lda ?? (transposeA ? m : k), ldb ?? (transposeB ? k : n), ldc ?? n)
        if k == 0 {                            // C = beta · C
            for row in 0..<m {
                for column in 0..<n { c[row * ldc + column] = beta == 0 ? 0 : beta * c[row * ldc + column] }
            }
            return
        }
        // Matrix–vector shapes (a batch of one 1×1 map): sgemm leaves its packed fast path
        // there and runs several times slower than sgemv on the same numbers.
        if n == 1 {
            // c[m] = op(A) · b, b a column with stride ldb (or a row when transposed).
            cblas_sgemv(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                        Int32(transposeA ? k : m), Int32(transposeA ? m : k), alpha, a, Int32(lda),
                        b, Int32(transposeB ? 1 : ldb), beta, c, Int32(ldc))
            return
        }
        if m == 1 {
            // c[n] = op(B)ᵀ · a, a a row with stride 1 (or a column with stride lda when transposed).
            cblas_sgemv(CblasRowMajor, transposeB ? CblasNoTrans : CblasTrans,
                        Int32(transposeB ? n : k), Int32(transposeB ? k : n), alpha, b, Int32(ldb),
                        a, Int32(transposeA ? lda : 1), beta, c, 1)
            return
        }
        // Large products are split into column (or row) blocks, one per core, each an
        // independent single-threaded sgemm on the pool's threads (see `setThreadCount`).
        let blocks = onCallingThread ? 1 : min(Parallel.threadCount, m * n * k / minimumWorkPerThread)
        if blocks > 1 && max(m, n) >= 32 * blocks {
            let splitColumns = n >= m
            Parallel.forEach(blocks, valuesPerIteration: Parallel.minimumValuesPerThread) { block in
                let total = splitColumns ? n : m
                // Block edges on multiples of 16 (whole register tiles), the last one ragged.
                let start = total * block / blocks / 16 * 16
                let end = block == blocks - 1 ? total : total * (block + 1) / blocks / 16 * 16
                guard end > start else { return }
                if splitColumns {
                    sgemm(transposeA, transposeB, m, end - start, k, alpha, a, lda,
                          b + (transposeB ? start * ldb : start), ldb, beta, c + start, ldc)
                } else {
                    sgemm(transposeA, transposeB, end - start, n, k, alpha,
                          a + (transposeA ? start : start * lda), lda, b, ldb, beta, c + start * ldc, ldc)
                }
            }
            return
        }
        sgemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    /// Multiply–adds below which a product runs on one thread.
    static let minimumWorkPerThread = 1 << 18

    @inline(__always)
    private static func sgemm(_ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int,
                              _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
                              _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
                              _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// OpenBLAS is kept to the calling thread: ign's own workers (`Parallel`) split the
    /// products. Two thread pools on the same cores would take turns — OpenBLAS's threads
    /// spin between calls while ign's loops want the cores, and the other way round.
    private static let blasRunsOnCallingThread: Void = openblas_set_num_threads(1)

    /// Sets how many threads products (and every other parallel loop) use.
    public static func setThreadCount(_ count: Int) {
        _ = blasRunsOnCallingThread
        Parallel.threadCount = max(1, count)
    }
}
