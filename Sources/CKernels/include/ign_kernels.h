#ifndef IGN_KERNELS_H
#define IGN_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Rows of the left matrix packed together: one panel is 16 rows × k columns, stored
/// column by column (16 consecutive floats per column), the last panel zero-padded.
#define IGN_PACKED_PANEL_ROWS 16

/// 1 when this CPU has the instructions the kernels are written for (AVX2 and FMA), else 0.
/// Call the other functions only when it is 1.
int ign_kernels_available(void);

/// Instruction sets of this CPU (and enabled by the OS), as reported by the compiler's
/// run-time check (`__builtin_cpu_supports`): a mask of the IGN_CPU_* bits; 0 off x86-64.
#define IGN_CPU_AVX2        (1u << 0)
#define IGN_CPU_FMA         (1u << 1)
#define IGN_CPU_AVX512F     (1u << 2)
#define IGN_CPU_AVX512_VNNI (1u << 3)
#define IGN_CPU_AVX512_BF16 (1u << 4)
unsigned ign_cpu_features(void);

/// The number of CPUs in the process's affinity mask (0 when unknown).
int ign_cpus_allowed(void);

/// C[r][j] = Σ_k A[r][k] · B[k][j] for the rows of panels first_panel ..< last_panel:
/// A is `rows × k`, packed (see IGN_PACKED_PANEL_ROWS); B is `k × n` with row stride ldb;
/// C is `rows × n` with row stride ldc. Written for narrow B (n up to a few dozen): each
/// panel is read from memory once while every column of B passes by (with AVX-512, in one
/// pass for up to 28 columns; with AVX2, in blocks of six from cache after the first).
void ign_packed_gemm(const float *packed, size_t rows, size_t k,
                     size_t first_panel, size_t last_panel,
                     const float *b, size_t ldb, size_t n, float *c, size_t ldc);

/// The vector width ign_packed_gemm runs with on this CPU: 512 (AVX-512F) or 256 (AVX2/FMA).
int ign_packed_gemm_vector_bits(void);

/// With `limit` 1, ign_packed_gemm uses its AVX2 kernels even on an AVX-512 CPU; with 0 it
/// goes back to the widest this CPU has. For tests and benchmarks comparing the two paths;
/// not to be called while a product runs.
void ign_packed_gemm_limit_to_avx2(int limit);

/// output = M · X · Mᵀ for `count` tiles at once (Winograd tile transforms), where M is
/// p × q (row-major) and each tile X is q × q. Tile element (a, b) of all tiles is the row
/// input[(a·q + b)·input_stride ..< +count]; result element (i, j) goes to the row
/// output[(i·p + j)·output_stride ..< +count].
/// Returns 1, or 0 (doing nothing) for a shape it has no kernel for; the shapes of the
/// Winograd transforms here (p, q among 2–5 and 7) are all covered.
int ign_sandwich(const float *m, int p, int q, const float *input, size_t input_stride,
                 float *output, size_t output_stride, size_t count);

/// Has glibc keep freed blocks under 4 MiB for reuse and map larger ones on their own (see
/// process_heap.c); called before main by CBLASStartup's constructor.
void ign_keep_freed_memory_for_reuse(void);

/// Grows the heap of the calling thread by `bytes` (4 to 30 MiB) and advises transparent huge
/// pages for that range, so that filling it faults 2 MiB at a time (see process_heap.c).
/// Returns 1 when the advice was given (and, when the pointers are not NULL, the advised
/// range), 0 otherwise (not glibc on Linux, too small, or refused); harmless either way.
/// Sets the malloc thresholds of ign_keep_freed_memory_for_reuse; call it before other
/// threads allocate (it raises the mmap threshold for a moment).
int ign_grow_heap_on_huge_pages(size_t bytes, uintptr_t *advised_start, uintptr_t *advised_end);

#endif
