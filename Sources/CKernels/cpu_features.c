// Which of the hand-written kernels this CPU can run, and the instruction sets it offers.
#include "ign_kernels.h"

int ign_kernels_available(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

unsigned ign_cpu_features(void) {
    unsigned features = 0;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) features |= IGN_CPU_AVX2;
    if (__builtin_cpu_supports("fma")) features |= IGN_CPU_FMA;
    if (__builtin_cpu_supports("avx512f")) features |= IGN_CPU_AVX512F;
    if (__builtin_cpu_supports("avx512vnni")) features |= IGN_CPU_AVX512_VNNI;
    if (__builtin_cpu_supports("avx512bf16")) features |= IGN_CPU_AVX512_BF16;
#endif
    return features;
}
