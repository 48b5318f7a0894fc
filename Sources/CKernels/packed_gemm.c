// A matrix product for a packed left matrix and a narrow right one (a batch of one image
// through a convolution layer: weights × a few dozen columns). BLAS's sgemm repacks the
// weights at every call, which costs more than the product at these shapes; here they are
// packed once, when a model is loaded for inference.
//
// The kernel keeps a 16-row × 6-column block of C in twelve 8-wide registers and streams
// the panel once per block of columns (from cache after the first). Written with AVX2/FMA
// intrinsics for x86-64 and chosen at run time; other CPUs use BLAS instead.
#include "ign_kernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

// One 16 × width block of C (width ≤ 6, a compile-time constant after inlining).
#define IGN_BLOCK(width)                                                                      \
    __attribute__((target("avx2,fma"))) static void block_##width(                            \
        const float *panel, size_t k, const float *b, size_t ldb, float *c, size_t ldc,       \
        size_t rows) {                                                                        \
        __m256 low[width], high[width];                                                       \
        for (int j = 0; j < width; j++) { low[j] = _mm256_setzero_ps(); high[j] = low[j]; }   \
        for (size_t kk = 0; kk < k; kk++) {                                                   \
            const __m256 a0 = _mm256_loadu_ps(panel + kk * IGN_PACKED_PANEL_ROWS);            \
            const __m256 a1 = _mm256_loadu_ps(panel + kk * IGN_PACKED_PANEL_ROWS + 8);        \
            const float *row = b + kk * ldb;                                                  \
            for (int j = 0; j < width; j++) {                                                 \
                const __m256 bj = _mm256_broadcast_ss(row + j);                               \
                low[j] = _mm256_fmadd_ps(a0, bj, low[j]);                                     \
                high[j] = _mm256_fmadd_ps(a1, bj, high[j]);                                   \
            }                                                                                 \
        }                                                                                     \
        float column[IGN_PACKED_PANEL_ROWS];                                                  \
        for (int j = 0; j < width; j++) {                                                     \
            _mm256_storeu_ps(column, low[j]);                                                 \
            _mm256_storeu_ps(column + 8, high[j]);                                            \
            for (size_t r = 0; r < rows; r++) c[r * ldc + j] = column[r];                     \
        }                                                                                     \
    }

IGN_BLOCK(1)
IGN_BLOCK(2)
IGN_BLOCK(3)
IGN_BLOCK(4)
IGN_BLOCK(5)
IGN_BLOCK(6)

void ign_packed_gemm(const float *packed, size_t rows, size_t k,
                     size_t first_panel, size_t last_panel,
                     const float *b, size_t ldb, size_t n, float *c, size_t ldc) {
    for (size_t p = first_panel; p < last_panel; p++) {
        const float *panel = packed + p * IGN_PACKED_PANEL_ROWS * k;
        const size_t row0 = p * IGN_PACKED_PANEL_ROWS;
        const size_t valid = rows - row0 < IGN_PACKED_PANEL_ROWS ? rows - row0 : IGN_PACKED_PANEL_ROWS;
        float *out = c + row0 * ldc;
        size_t j = 0;
        for (; j + 6 <= n; j += 6) block_6(panel, k, b + j, ldb, out + j, ldc, valid);
        switch (n - j) {
            case 1: block_1(panel, k, b + j, ldb, out + j, ldc, valid); break;
            case 2: block_2(panel, k, b + j, ldb, out + j, ldc, valid); break;
            case 3: block_3(panel, k, b + j, ldb, out + j, ldc, valid); break;
            case 4: block_4(panel, k, b + j, ldb, out + j, ldc, valid); break;
            case 5: block_5(panel, k, b + j, ldb, out + j, ldc, valid); break;
            default: break;
        }
    }
}

#else

void ign_packed_gemm(const float *packed, size_t rows, size_t k,
                     size_t first_panel, size_t last_panel,
                     const float *b, size_t ldb, size_t n, float *c, size_t ldc) {
    (void)packed; (void)rows; (void)k; (void)first_panel; (void)last_panel;
    (void)b; (void)ldb; (void)n; (void)c; (void)ldc;
}

#endif
