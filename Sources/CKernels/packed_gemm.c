// A matrix product for a packed left matrix and a narrow right one (a batch of one image
// through a convolution layer: weights × a few dozen columns). BLAS's sgemm repacks the
// weights at every call, which costs more than the product at these shapes; here they are
// packed once, when a model is loaded for inference.
//
// At batch 1 every weight is used once per image, so the kernel's job is to stream each
// 16-row panel from memory once while all the columns of B pass by it. With AVX-512 a
// panel's column is one 16-wide register and up to 28 columns of C stay in registers, so
// one pass over the panel serves the whole right-hand side (up to 28 columns; wider ones in
// as few passes as possible). Without it (AVX2/FMA) a 16 × 6 block of C takes twelve 8-wide
// registers and the panel is read once per block of six columns (from cache after the
// first). Both are chosen at run time; other CPUs use BLAS instead.
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

// One 16 × width block of C in `width` 16-wide registers (width ≤ IGN_WIDE_COLUMNS). An FMA
// takes four cycles to deliver its sum, so fewer than four columns would leave the kernel
// waiting on its own accumulators: there every column gets `split` partial sums over
// alternating k (four chains in all at least), added together at the end. From four columns
// on, the panel is also prefetched 64 steps (4 KiB) ahead, which kept the weight stream
// going better than the hardware prefetcher alone (a 25-column product over weights out of
// cache: 627–653 → 521–536 µs); narrower blocks only stream, and there it cost time.
#define IGN_WIDE_COLUMNS 28
#define IGN_WIDE(width)                                                                       \
    __attribute__((target("avx512f"))) static void wide_##width(                              \
        const float *panel, size_t k, const float *b, size_t ldb, float *c, size_t ldc,       \
        size_t rows) {                                                                        \
        enum { split = (width) >= 4 ? 1 : ((width) == 1 ? 4 : 2) };                           \
        __m512 sum[split][width];                                                             \
        _Pragma("clang loop unroll(full)")                                                    \
        for (int u = 0; u < split; u++) {                                                     \
            _Pragma("clang loop unroll(full)")                                                \
            for (int j = 0; j < width; j++) sum[u][j] = _mm512_setzero_ps();                  \
        }                                                                                     \
        size_t kk = 0;                                                                        \
        for (; kk + split <= k; kk += split) {                                                \
            if (width >= 4)                                                                   \
                _mm_prefetch((const char *)(panel + (kk + 64) * IGN_PACKED_PANEL_ROWS),       \
                             _MM_HINT_T0);                                                    \
            _Pragma("clang loop unroll(full)")                                                \
            for (int u = 0; u < split; u++) {                                                 \
                const __m512 a = _mm512_loadu_ps(panel + (kk + u) * IGN_PACKED_PANEL_ROWS);   \
                const float *row = b + (kk + u) * ldb;                                        \
                _Pragma("clang loop unroll(full)")                                            \
                for (int j = 0; j < width; j++)                                               \
                    sum[u][j] = _mm512_fmadd_ps(a, _mm512_set1_ps(row[j]), sum[u][j]);        \
            }                                                                                 \
        }                                                                                     \
        for (; kk < k; kk++) {                                                                \
            const __m512 a = _mm512_loadu_ps(panel + kk * IGN_PACKED_PANEL_ROWS);             \
            const float *row = b + kk * ldb;                                                  \
            _Pragma("clang loop unroll(full)")                                                \
            for (int j = 0; j < width; j++)                                                   \
                sum[0][j] = _mm512_fmadd_ps(a, _mm512_set1_ps(row[j]), sum[0][j]);            \
        }                                                                                     \
        float block[width][IGN_PACKED_PANEL_ROWS];                                            \
        _Pragma("clang loop unroll(full)")                                                    \
        for (int j = 0; j < width; j++) {                                                     \
            __m512 total = sum[0][j];                                                         \
            _Pragma("clang loop unroll(full)")                                                \
            for (int u = 1; u < split; u++) total = _mm512_add_ps(total, sum[u][j]);          \
            _mm512_storeu_ps(block[j], total);                                                \
        }                                                                                     \
        for (size_t r = 0; r < rows; r++) {                                                   \
            _Pragma("clang loop vectorize(disable)")                                          \
            for (int j = 0; j < width; j++) c[r * ldc + j] = block[j][r];                     \
        }                                                                                     \
    }

IGN_WIDE(1) IGN_WIDE(2) IGN_WIDE(3) IGN_WIDE(4) IGN_WIDE(5) IGN_WIDE(6) IGN_WIDE(7)
IGN_WIDE(8) IGN_WIDE(9) IGN_WIDE(10) IGN_WIDE(11) IGN_WIDE(12) IGN_WIDE(13) IGN_WIDE(14)
IGN_WIDE(15) IGN_WIDE(16) IGN_WIDE(17) IGN_WIDE(18) IGN_WIDE(19) IGN_WIDE(20) IGN_WIDE(21)
IGN_WIDE(22) IGN_WIDE(23) IGN_WIDE(24) IGN_WIDE(25) IGN_WIDE(26) IGN_WIDE(27) IGN_WIDE(28)

typedef void (*ign_block_kernel)(const float *, size_t, const float *, size_t, float *, size_t, size_t);

static const ign_block_kernel wide_kernels[IGN_WIDE_COLUMNS + 1] = {
    NULL, wide_1, wide_2, wide_3, wide_4, wide_5, wide_6, wide_7, wide_8, wide_9, wide_10,
    wide_11, wide_12, wide_13, wide_14, wide_15, wide_16, wide_17, wide_18, wide_19, wide_20,
    wide_21, wide_22, wide_23, wide_24, wide_25, wide_26, wide_27, wide_28,
};

// -1: not decided yet; 0: AVX2 blocks; 1: AVX-512 blocks. Read and written atomically
// (relaxed): threads deciding at the same time decide the same.
static int wide_choice = -1;

static int uses_wide(void) {
    int choice = __atomic_load_n(&wide_choice, __ATOMIC_RELAXED);
    if (choice < 0) {
        __builtin_cpu_init();
        choice = __builtin_cpu_supports("avx512f") ? 1 : 0;
        __atomic_store_n(&wide_choice, choice, __ATOMIC_RELAXED);
    }
    return choice;
}

int ign_packed_gemm_vector_bits(void) { return uses_wide() ? 512 : 256; }

void ign_packed_gemm_limit_to_avx2(int limit) {
    __atomic_store_n(&wide_choice, limit ? 0 : -1, __ATOMIC_RELAXED);
}

// Columns in as few passes of at most IGN_WIDE_COLUMNS as possible, as even as possible.
static void wide_panel(const float *panel, size_t k, const float *b, size_t ldb, size_t n,
                       float *out, size_t ldc, size_t valid) {
    const size_t passes = (n + IGN_WIDE_COLUMNS - 1) / IGN_WIDE_COLUMNS;
    size_t j = 0;
    for (size_t pass = 0; pass < passes; pass++) {
        const size_t width = (n - j) / (passes - pass);
        wide_kernels[width](panel, k, b + j, ldb, out + j, ldc, valid);
        j += width;
    }
}

void ign_packed_gemm(const float *packed, size_t rows, size_t k,
                     size_t first_panel, size_t last_panel,
                     const float *b, size_t ldb, size_t n, float *c, size_t ldc) {
    const int wide = uses_wide();
    for (size_t p = first_panel; p < last_panel; p++) {
        const float *panel = packed + p * IGN_PACKED_PANEL_ROWS * k;
        const size_t row0 = p * IGN_PACKED_PANEL_ROWS;
        const size_t valid = rows - row0 < IGN_PACKED_PANEL_ROWS ? rows - row0 : IGN_PACKED_PANEL_ROWS;
        float *out = c + row0 * ldc;
        if (wide) {
            wide_panel(panel, k, b, ldb, n, out, ldc, valid);
            continue;
        }
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

int ign_packed_gemm_vector_bits(void) { return 0; }

void ign_packed_gemm_limit_to_avx2(int limit) { (void)limit; }

#endif
