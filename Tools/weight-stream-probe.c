// How fast one core streams a layer's packed weights through ign's narrow-product kernel
// when they are not in cache — the limit of batch-1 inference (BENCHMARKS.md, "Batch 1:
// where the time goes"). Copies of the 28×28 reference's Conv2d 256→512 k3 weights (512 rows
// × 2,304, 4.7 MB each) are multiplied in turn with a 2,304 × 9 matrix, so each copy has
// left the caches before it is read again (with 6 columns, one pass over each panel; with 9,
// the AVX2 kernel's 6-column block then a 3-column one, the AVX-512 kernel one pass); the
// best time for one copy is reported, as float32 on ordinary pages, float32 on huge pages
// (madvise), and float16 converted in registers (an AVX2 variant written here only for the
// measurement), then float32 on huge pages through the AVX-512 kernel where the CPU has it.
// Twelve copies (57 MB) are more than this machine's 32 MB L3 holds, so the weights come
// from memory, as they largely do in a batch-1 pass over a model of 22 MB between other
// work. With 1 column (a 1×1 output map) the kernel only streams.
//
//   clang -O2 -ISources/CKernels/include Tools/weight-stream-probe.c Sources/CKernels/packed_gemm.c \
//       Sources/CKernels/cpu_features.c -o /tmp/weight-stream-probe
//   /tmp/weight-stream-probe
#include "ign_kernels.h"
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

enum { ROWS = 512, DEPTH = 2304, COPIES = 12, ROUNDS = 20 };
static int COLUMNS = 9;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *allocate(size_t bytes, int huge) {
    size_t page = 2u << 20, rounded = (bytes + page - 1) / page * page;
    void *p = aligned_alloc(page, rounded);
    if (huge) madvise(p, rounded, MADV_HUGEPAGE);
    return p;
}

// The packed kernel's 16-row block with float16 weights, for a compile-time number of
// columns (so the accumulators stay in registers, as in the real kernel).
#define HALF_PANEL(WIDTH)                                                                         \
    __attribute__((target("avx2,fma,f16c"))) static void half_panel_##WIDTH(                     \
        const uint16_t *panel, const float *b, float *c) {                                        \
        __m256 low[WIDTH], high[WIDTH];                                                           \
        for (int j = 0; j < WIDTH; j++) { low[j] = _mm256_setzero_ps(); high[j] = low[j]; }       \
        for (size_t k = 0; k < DEPTH; k++) {                                                      \
            __m256 a0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(panel + k * 16)));     \
            __m256 a1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(panel + k * 16 + 8))); \
            for (int j = 0; j < WIDTH; j++) {                                                     \
                __m256 bj = _mm256_broadcast_ss(b + k * COLUMNS + j);                             \
                low[j] = _mm256_fmadd_ps(a0, bj, low[j]);                                         \
                high[j] = _mm256_fmadd_ps(a1, bj, high[j]);                                       \
            }                                                                                     \
        }                                                                                         \
        for (int j = 0; j < WIDTH; j++) c[j] = low[j][0] + high[j][0];                            \
    }
HALF_PANEL(6)
HALF_PANEL(3)

static double run(int huge, int half) {
    size_t count = (size_t)ROWS * DEPTH;
    void *weights[COPIES];
    for (int i = 0; i < COPIES; i++) {
        weights[i] = allocate(count * (half ? 2 : 4), huge);
        for (size_t v = 0; v < count; v++) {
            if (half) ((uint16_t *)weights[i])[v] = 0x3c00;   // 1.0
            else ((float *)weights[i])[v] = 1e-3f * (float)(v % 7);
        }
    }
    float *b = malloc(sizeof(float) * DEPTH * COLUMNS), *c = malloc(sizeof(float) * ROWS * COLUMNS);
    for (size_t v = 0; v < (size_t)DEPTH * COLUMNS; v++) b[v] = 1;
    double best = 1e9;
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < COPIES; i++) {
            double start = now();
            if (half) {
                for (int p = 0; p < ROWS / 16; p++) {
                    const uint16_t *panel = (const uint16_t *)weights[i] + (size_t)p * 16 * DEPTH;
                    half_panel_6(panel, b, c + p * 16);
                    if (COLUMNS == 9) half_panel_3(panel, b + 6, c + p * 16 + 6);
                }
            } else {
                ign_packed_gemm(weights[i], ROWS, DEPTH, 0, ROWS / 16, b, COLUMNS, COLUMNS, c, COLUMNS);
            }
            double t = now() - start;
            if (t < best) best = t;
        }
    }
    for (int i = 0; i < COPIES; i++) free(weights[i]);
    free(b);
    free(c);
    return best;
}

int main(void) {
    if (!ign_kernels_available()) { fprintf(stderr, "this CPU has no AVX2/FMA\n"); return 1; }
    double bytes = 4.0 * ROWS * DEPTH;
    const int wide = ign_packed_gemm_vector_bits() == 512;
    int widths[] = {1, 6, 9, 25};
    for (int w = 0; w < 4; w++) {
        COLUMNS = widths[w];
        ign_packed_gemm_limit_to_avx2(1);
        double f32 = run(0, 0), f32huge = run(1, 0);
        printf("%2d columns: AVX2 float32, 4 KiB pages %6.1f us (%4.1f GB/s); huge pages %6.1f us (%4.1f GB/s)",
               COLUMNS, f32 * 1e6, bytes / f32 / 1e9, f32huge * 1e6, bytes / f32huge / 1e9);
        if (COLUMNS == 6 || COLUMNS == 9) printf("; float16 %6.1f us", run(1, 1) * 1e6);
        ign_packed_gemm_limit_to_avx2(0);
        if (wide) {
            double f32wide = run(1, 0);
            printf("; AVX-512 float32, huge pages %6.1f us (%4.1f GB/s)", f32wide * 1e6, bytes / f32wide / 1e9);
        }
        printf("\n");
    }
    return 0;
}
