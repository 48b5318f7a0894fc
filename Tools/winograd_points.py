#!/usr/bin/env python3
"""Chooses the interpolation points of ign's Winograd algorithms (IGNCompute/WinogradTransform).

Builds F(m×m, r×r) from a set of points by Toom-Cook interpolation (exact rational
arithmetic), checks in float64 that it equals direct correlation and that its transpose
equals the full (transposed) convolution, then measures the float32 error of 64-channel
sums of random tiles -- the quantity a convolution layer accumulates -- for each candidate.

    python3 Tools/winograd_points.py        # numpy only
"""
from fractions import Fraction
import numpy as np


def matrices(points, m, r):
    """(Aᵀ, G, Bᵀ) of F(m, r) at the given finite points (len = m + r - 1)."""
    alpha = m + r - 1
    assert len(points) == alpha
    p = [Fraction(x) for x in points]

    def evaluation(n):
        return np.array([[float(x ** k) for k in range(n)] for x in p])

    interp = np.zeros((alpha, alpha))
    for j, pj in enumerate(p):
        poly, den = [Fraction(1)], Fraction(1)
        for i, pi in enumerate(p):
            if i == j:
                continue
            nxt = [Fraction(0)] * (len(poly) + 1)
            for d, c in enumerate(poly):
                nxt[d] -= pi * c
                nxt[d + 1] += c
            poly, den = nxt, den * (pj - pi)
        for d, c in enumerate(poly):
            interp[d, j] = float(c / den)
    return evaluation(m).T, evaluation(r), interp.T


def correlate(x, w, m):
    r = w.shape[0]
    return np.array([[np.sum(x[i:i + r, j:j + r] * w) for j in range(m)] for i in range(m)])


def check_exact(points, m, r, rng):
    at, g, bt = matrices(points, m, r)
    a = m + r - 1
    x, w, d = rng.standard_normal((a, a)), rng.standard_normal((r, r)), rng.standard_normal((m, m))
    assert np.allclose(at @ ((g @ w @ g.T) * (bt @ x @ bt.T)) @ at.T, correlate(x, w, m))
    full = np.zeros((a, a))
    for i in range(m):
        for j in range(m):
            full[i:i + r, j:j + r] += d[i, j] * w
    assert np.allclose(bt.T @ ((g @ w @ g.T) * (at.T @ d @ at)) @ bt, full)


def float32_error(points, m, r, rng, trials=100, channels=64):
    at, g, bt = (t.astype(np.float32) for t in matrices(points, m, r))
    a = m + r - 1
    worst = 0.0
    for _ in range(trials):
        x = rng.standard_normal((channels, a, a)).astype(np.float32)
        w = rng.standard_normal((channels, r, r)).astype(np.float32)
        ref = sum(correlate(x[c].astype(float), w[c].astype(float), m) for c in range(channels))
        u = np.einsum('ij,cjk,lk->cil', g, w, g)
        v = np.einsum('ij,cjk,lk->cil', bt, x, bt)
        y = at @ (u * v).sum(0) @ at.T
        worst = max(worst, np.abs(y - ref).max() / np.abs(ref).max())
    return worst


def main():
    rng = np.random.default_rng(0)
    half = Fraction(1, 2)
    candidates = {
        (3, 3): [[0, 1, -1, 2, -2], [0, 1, -1, half, -half], [0, 1, -1, 2, half]],
        (4, 2): [[0, 1, -1, 2, -2], [0, 1, -1, half, -half]],
        (5, 3): [[0, 1, -1, 2, -2, half, -half], [0, 1, -1, 2, -2, 3, -3]],
    }
    for (m, r), sets in candidates.items():
        for points in sets:
            check_exact(points, m, r, rng)
            print(f"F({m}x{m}, {r}x{r}) points {[str(p) for p in points]}: "
                  f"worst float32 relative error {float32_error(points, m, r, rng):.1e}")


if __name__ == "__main__":
    main()
