#ifndef IGN_PACKED_GEMM_H
#define IGN_PACKED_GEMM_H

#include <stddef.h>

/// Rows of the left matrix packed together: one panel is 16 rows × k columns, stored
/// column by column (16 consecutive floats per column), the last panel zero-padded.
#define IGN_PACKED_PANEL_ROWS 16

/// 1 when this CPU has the instructions the kernel is written for (AVX2 and FMA), else 0.
int ign_packed_gemm_available(void);

/// C[r][j] = Σ_k A[r][k] · B[k][j] for the rows of panels first_panel ..< last_panel:
/// A is `rows × k`, packed (see IGN_PACKED_PANEL_ROWS); B is `k × n` with row stride ldb;
/// C is `rows × n` with row stride ldc. Written for narrow B (n up to a few dozen): each
/// panel is read from memory once and kept in cache while every column of B passes by.
/// Call only when ign_packed_gemm_available() is 1.
void ign_packed_gemm(const float *packed, size_t rows, size_t k,
                     size_t first_panel, size_t last_panel,
                     const float *b, size_t ldb, size_t n, float *c, size_t ldc);

#endif
