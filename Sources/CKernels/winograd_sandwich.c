// The arithmetic of Winograd's tile transforms (see WinogradTransform.swift): small
// matrices applied on both sides of many tiles at once, each tile element a row of
// consecutive tiles, so every step is an 8-wide fused multiply-add over a row.
#include "ign_kernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

// target (+)= Σ_t weights[t · weight_step] · rows[t]  over `count` values; zero weights skipped.
__attribute__((target("avx2,fma"))) static inline void combine(
    float *target, size_t count, int accumulate, const float *weights, size_t weight_step,
    const float *first_row, size_t row_step, int terms) {
    int started = accumulate;
    for (int t = 0; t < terms; t++) {
        const float w = weights[(size_t)t * weight_step];
        if (w == 0) continue;
        const float *source = first_row + (size_t)t * row_step;
        const __m256 wv = _mm256_set1_ps(w);
        size_t i = 0;
        if (started) {
            for (; i + 8 <= count; i += 8)
                _mm256_storeu_ps(target + i, _mm256_fmadd_ps(wv, _mm256_loadu_ps(source + i),
                                                             _mm256_loadu_ps(target + i)));
            for (; i < count; i++) target[i] += w * source[i];
        } else {
            for (; i + 8 <= count; i += 8)
                _mm256_storeu_ps(target + i, _mm256_mul_ps(wv, _mm256_loadu_ps(source + i)));
            for (; i < count; i++) target[i] = w * source[i];
            started = 1;
        }
    }
    if (!started) {
        for (size_t i = 0; i < count; i++) target[i] = 0;
    }
}

__attribute__((target("avx2,fma")))
void ign_sandwich(const float *m, int p, int q, const float *input, size_t input_stride,
                  float *output, size_t output_stride, size_t count, int accumulate,
                  float *scratch) {
    // scratch[i][b] = Σ_a M[i][a] · X[a][b]
    for (int i = 0; i < p; i++)
        for (int b = 0; b < q; b++)
            combine(scratch + (size_t)(i * q + b) * count, count, 0, m + i * q, 1,
                    input + (size_t)b * input_stride, (size_t)q * input_stride, q);
    // output[i][j] (+)= Σ_b scratch[i][b] · M[j][b]
    for (int i = 0; i < p; i++)
        for (int j = 0; j < p; j++)
            combine(output + (size_t)(i * p + j) * output_stride, count, accumulate, m + j * q, 1,
                    scratch + (size_t)(i * q) * count, count, q);
}

#else

void ign_sandwich(const float *m, int p, int q, const float *input, size_t input_stride,
                  float *output, size_t output_stride, size_t count, int accumulate,
                  float *scratch) {
    (void)m; (void)p; (void)q; (void)input; (void)input_stride; (void)output;
    (void)output_stride; (void)count; (void)accumulate; (void)scratch;
}

#endif
