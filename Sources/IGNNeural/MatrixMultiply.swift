import CBLAS

/// Row-major single-precision matrix products through OpenBLAS's `cblas_sgemm`.
public enum MatrixMultiply {
    /// `C = alpha · op(A) · op(B) + beta · C`, all row-major.
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
                            c: UnsafeMutablePointer<Float>, ldc: Int? = nil) {
        if m == 0 || n == 0 { return }
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
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Sets how many threads OpenBLAS uses (it defaults to one per core).
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }
}
