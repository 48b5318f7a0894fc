// The arithmetic of Winograd's tile transforms (see WinogradTransform.swift): small
// matrices applied on both sides of many tiles at once, each tile element a row of
// consecutive tiles, so eight tiles fill one 8-wide vector.
#include "ign_kernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

// One M · X · Mᵀ for P×Q matrices M, 8 tiles at a time (one per vector lane): every tile
// element is loaded once, the intermediate M · X stays in registers or the stack, and each
// result is stored once. P and Q are compile-time constants, so the loops unroll fully.
#define IGN_SANDWICH(P, Q)                                                                      \
    __attribute__((target("avx2,fma"))) static void sandwich_##P##_##Q(                         \
        const float *m, const float *input, size_t input_stride, float *output,                 \
        size_t output_stride, size_t count) {                                                   \
        size_t t = 0;                                                                           \
        for (; t + 8 <= count; t += 8) {                                                        \
            __m256 middle[P][Q];                                                                \
            for (int b = 0; b < Q; b++) {                                                       \
                __m256 x[Q];                                                                    \
                for (int a = 0; a < Q; a++)                                                     \
                    x[a] = _mm256_loadu_ps(input + (size_t)(a * Q + b) * input_stride + t);     \
                for (int i = 0; i < P; i++) {                                                   \
                    __m256 sum = _mm256_mul_ps(_mm256_set1_ps(m[i * Q]), x[0]);                 \
                    for (int a = 1; a < Q; a++)                                                 \
                        sum = _mm256_fmadd_ps(_mm256_set1_ps(m[i * Q + a]), x[a], sum);         \
                    middle[i][b] = sum;                                                         \
                }                                                                               \
            }                                                                                   \
            for (int i = 0; i < P; i++) {                                                       \
                for (int j = 0; j < P; j++) {                                                   \
                    float *row = output + (size_t)(i * P + j) * output_stride + t;              \
                    __m256 sum = _mm256_setzero_ps();                                           \
                    for (int b = 0; b < Q; b++)                                                 \
                        sum = _mm256_fmadd_ps(middle[i][b], _mm256_set1_ps(m[j * Q + b]), sum); \
                    _mm256_storeu_ps(row, sum);                                                 \
                }                                                                               \
            }                                                                                   \
        }                                                                                       \
        for (; t < count; t++) {                                                                \
            float middle[P][Q];                                                                 \
            for (int i = 0; i < P; i++)                                                         \
                for (int b = 0; b < Q; b++) {                                                   \
                    float sum = 0;                                                              \
                    for (int a = 0; a < Q; a++)                                                 \
                        sum += m[i * Q + a] * input[(size_t)(a * Q + b) * input_stride + t];    \
                    middle[i][b] = sum;                                                         \
                }                                                                               \
            for (int i = 0; i < P; i++)                                                         \
                for (int j = 0; j < P; j++) {                                                   \
                    float *value = output + (size_t)(i * P + j) * output_stride + t;            \
                    float sum = 0;                                                              \
                    for (int b = 0; b < Q; b++) sum += middle[i][b] * m[j * Q + b];             \
                    *value = sum;                                                               \
                }                                                                               \
        }                                                                                       \
    }

// The shapes of F(3×3, 3×3), F(4×4, 2×2) (5×5 tiles) and F(5×5, 3×3) (7×7 tiles): tiles,
// outputs and kernels, each way round.
IGN_SANDWICH(7, 7)
IGN_SANDWICH(7, 5)
IGN_SANDWICH(5, 7)
IGN_SANDWICH(7, 3)
IGN_SANDWICH(3, 7)
IGN_SANDWICH(5, 5)
IGN_SANDWICH(5, 3)
IGN_SANDWICH(3, 5)
IGN_SANDWICH(5, 4)
IGN_SANDWICH(4, 5)
IGN_SANDWICH(5, 2)
IGN_SANDWICH(2, 5)

int ign_sandwich(const float *m, int p, int q, const float *input, size_t input_stride,
                 float *output, size_t output_stride, size_t count) {
    switch (p * 8 + q) {
        case 7 * 8 + 7: sandwich_7_7(m, input, input_stride, output, output_stride, count); return 1;
        case 7 * 8 + 5: sandwich_7_5(m, input, input_stride, output, output_stride, count); return 1;
        case 5 * 8 + 7: sandwich_5_7(m, input, input_stride, output, output_stride, count); return 1;
        case 7 * 8 + 3: sandwich_7_3(m, input, input_stride, output, output_stride, count); return 1;
        case 3 * 8 + 7: sandwich_3_7(m, input, input_stride, output, output_stride, count); return 1;
        case 5 * 8 + 5: sandwich_5_5(m, input, input_stride, output, output_stride, count); return 1;
        case 5 * 8 + 3: sandwich_5_3(m, input, input_stride, output, output_stride, count); return 1;
        case 3 * 8 + 5: sandwich_3_5(m, input, input_stride, output, output_stride, count); return 1;
        case 5 * 8 + 4: sandwich_5_4(m, input, input_stride, output, output_stride, count); return 1;
        case 4 * 8 + 5: sandwich_4_5(m, input, input_stride, output, output_stride, count); return 1;
        case 5 * 8 + 2: sandwich_5_2(m, input, input_stride, output, output_stride, count); return 1;
        case 2 * 8 + 5: sandwich_2_5(m, input, input_stride, output, output_stride, count); return 1;
        default: return 0;
    }
}

#else

int ign_sandwich(const float *m, int p, int q, const float *input, size_t input_stride,
                 float *output, size_t output_stride, size_t count) {
    (void)m; (void)p; (void)q; (void)input; (void)input_stride; (void)output;
    (void)output_stride; (void)count;
    return 0;
}

#endif
