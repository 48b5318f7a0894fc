import CKernels

/// The matrices of Winograd's minimal filtering algorithms F(m×m, r×r) with 5×5 tiles —
/// F(3×3, 3×3) and F(4×4, 2×2) — and the one operation every stage of them is made of.
///
/// Correlating a 5×5 tile `X` with an r×r kernel `W` gives the m×m tile
/// `Y = Aᵀ [(G W Gᵀ) ⊙ (Bᵀ X B)] A` (m + r − 1 = 5): 25 multiplications instead of m²·r²
/// (81 for F(3×3, 3×3), 64 for F(4×4, 2×2)). Summed over input channels, the element-wise
/// products become 25 independent matrix products, which is where a convolution layer
/// spends its time. The algorithm's transpose is the adjoint: `X̄ = B [(G W Gᵀ) ⊙ (A Ȳ Aᵀ)] Bᵀ`
/// (the gradient of the input, or a transposed convolution), and the kernel's gradient is
/// `W̄ = Gᵀ [(Bᵀ X B) ⊙ (A Ȳ Aᵀ)] G`.
///
/// The matrices come from Toom–Cook interpolation at five points. Every set of five
/// distinct points gives an exact algorithm; they differ in float32 rounding. Measured
/// on 64-channel sums of random tiles for F(3×3, 3×3), {0, ±1, ±2} had the smallest
/// worst-case relative error (3·10⁻⁶, against 6·10⁻⁶ for {0, ±1, 2, ∞} and 1.5·10⁻⁵ for
/// {0, ±1, ±½}).
struct WinogradTransform: Sendable {
    /// F(3×3, 3×3): 3×3 kernels, stride 1.
    static let f3x3 = WinogradTransform(outputSize: 3, kernelSize: 3)
    /// F(4×4, 2×2): the four 2×2 phases of a 4×4 stride-2 kernel.
    static let f4x2 = WinogradTransform(outputSize: 4, kernelSize: 2)

    /// Input tile side (outputs + kernel − 1), and the number of products per tile side.
    static let tileSize = 5
    /// Products per tile: one matrix product each.
    static let coefficients = 25
    /// The interpolation points.
    static let points: [Double] = [0, 1, -1, 2, -2]
    /// Whether `sandwich` runs the C kernels (when the CPU has them; tests switch it off to
    /// check the portable loops against them).
    nonisolated(unsafe) static var usesKernels = PackedMatrix.isAvailable

    /// Outputs per tile side (m).
    let outputSize: Int
    /// Kernel side (r).
    let kernelSize: Int

    /// `Aᵀ`, m×5: interpolated products → output tile.
    let outputTransform: [Float]
    /// `A`, 5×m: the adjoint of `Aᵀ`.
    let outputAdjoint: [Float]
    /// `G`, 5×r: kernel → its values at the points.
    let kernelTransform: [Float]
    /// `Gᵀ`, r×5: the adjoint of `G`.
    let kernelAdjoint: [Float]
    /// `Bᵀ`, 5×5: input tile → its values at the points.
    let inputTransform: [Float]
    /// `B`, 5×5: the adjoint of `Bᵀ`.
    let inputAdjoint: [Float]

    init(outputSize m: Int, kernelSize r: Int) {
        precondition(m + r - 1 == Self.tileSize)
        let t = Self.tileSize
        outputSize = m
        kernelSize = r
        outputAdjoint = Self.evaluation(columns: m)
        outputTransform = Self.transposed(outputAdjoint, rows: t, columns: m)
        kernelTransform = Self.evaluation(columns: r)
        kernelAdjoint = Self.transposed(kernelTransform, rows: t, columns: r)
        inputAdjoint = Self.interpolation()
        inputTransform = Self.transposed(inputAdjoint, rows: t, columns: t)
    }

    /// `E[j][k] = pⱼᵏ` (5 × columns): evaluating a polynomial with `columns` coefficients.
    private static func evaluation(columns: Int) -> [Float] {
        var matrix: [Float] = []
        for p in points {
            for k in 0..<columns { matrix.append(Float(pow(p, k))) }
        }
        return matrix
    }

    /// `C[d][j]`: coefficient `d` of the Lagrange polynomial that is 1 at point `j` and 0
    /// at the others (5×5), which recovers a product polynomial from its values.
    private static func interpolation() -> [Float] {
        let n = points.count
        var matrix = [Float](repeating: 0, count: n * n)
        for (j, pj) in points.enumerated() {
            var polynomial: [Double] = [1]               // coefficients, lowest first
            var denominator = 1.0
            for (i, pi) in points.enumerated() where i != j {
                var next = [Double](repeating: 0, count: polynomial.count + 1)
                for (d, c) in polynomial.enumerated() {
                    next[d] -= pi * c
                    next[d + 1] += c
                }
                polynomial = next
                denominator *= pj - pi
            }
            for (d, c) in polynomial.enumerated() { matrix[d * n + j] = Float(c / denominator) }
        }
        return matrix
    }

    private static func pow(_ base: Double, _ exponent: Int) -> Double {
        (0..<exponent).reduce(1) { value, _ in value * base }
    }

    private static func transposed(_ matrix: [Float], rows: Int, columns: Int) -> [Float] {
        (0..<columns * rows).map { index in matrix[(index % rows) * columns + index / rows] }
    }

    /// `output = M · X · Mᵀ` for a run of `count` tiles at once, where `M` is `p × q` and each
    /// tile `X` is `q × q`. Tile element `(a, b)` of all tiles is the row
    /// `input[(a·q + b)·inputStride ..< +count]`; result element `(i, j)` is written to the row
    /// `output[(i·p + j)·outputStride ..< +count]` (added to it when `accumulate`). Working on
    /// rows of tiles lets every step be a plain vector loop. `scratch` holds `p·q·count` values.
    @inline(__always)
    static func sandwich(_ m: UnsafePointer<Float>, p: Int, q: Int,
                         input: UnsafePointer<Float>, inputStride: Int,
                         output: UnsafeMutablePointer<Float>, outputStride: Int,
                         count: Int, accumulate: Bool = false,
                         scratch: UnsafeMutablePointer<Float>) {
        // The same arithmetic, eight tiles per AVX2 vector with FMA (CKernels), when it can.
        if usesKernels,
           ign_sandwich(m, Int32(p), Int32(q), input, inputStride, output, outputStride, count,
                        accumulate ? 1 : 0) != 0 {
            return
        }
        // scratch[i][b] = Σₐ M[i][a] · X[a][b]
        for i in 0..<p {
            for b in 0..<q {
                combine(into: scratch + (i * q + b) * count, count: count, accumulate: false,
                        terms: q, weight: { m[i * q + $0] }, row: { input + ($0 * q + b) * inputStride })
            }
        }
        // output[i][j] (+)= Σ_b scratch[i][b] · M[j][b]
        for i in 0..<p {
            for j in 0..<p {
                combine(into: output + (i * p + j) * outputStride, count: count, accumulate: accumulate,
                        terms: q, weight: { m[j * q + $0] }, row: { UnsafePointer(scratch + (i * q + $0) * count) })
            }
        }
    }

    /// `target (+)= Σₜ weight(t) · row(t)` over rows of `count` values, skipping zero weights.
    @inline(__always)
    private static func combine(into target: UnsafeMutablePointer<Float>, count: Int, accumulate: Bool,
                                terms: Int, weight: (Int) -> Float,
                                row: (Int) -> UnsafePointer<Float>) {
        var first = !accumulate
        for term in 0..<terms {
            let w = weight(term)
            if w == 0 { continue }
            let source = row(term)
            if first {
                for t in 0..<count { target[t] = w * source[t] }
                first = false
            } else {
                for t in 0..<count { target[t] += w * source[t] }
            }
        }
        if first { target.update(repeating: 0, count: count) }
    }
}
