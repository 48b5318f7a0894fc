import CKernels

/// The matrices of Winograd's minimal filtering algorithms F(m×m, r×r) — F(3×3, 3×3),
/// F(5×5, 3×3) and F(4×4, 2×2) — and the one operation every stage of them is made of.
///
/// Correlating an α×α tile `X` (α = m + r − 1) with an r×r kernel `W` gives the m×m tile
/// `Y = Aᵀ [(G W Gᵀ) ⊙ (Bᵀ X B)] A`: α² multiplications instead of m²·r² (25 instead of 81
/// for F(3×3, 3×3), 49 instead of 225 for F(5×5, 3×3), 25 instead of 64 for F(4×4, 2×2)).
/// Summed over input channels, the element-wise products become α² independent matrix
/// products, which is where a convolution layer spends its time. The algorithm's transpose
/// is the adjoint: `X̄ = B [(G W Gᵀ) ⊙ (A Ȳ Aᵀ)] Bᵀ` (the gradient of the input, or a
/// transposed convolution), and the kernel's gradient is `W̄ = Gᵀ [(Bᵀ X B) ⊙ (A Ȳ Aᵀ)] G`.
///
/// The matrices come from Toom–Cook interpolation at α points. Every set of distinct
/// points gives an exact algorithm; they differ in float32 rounding, which grows with α.
/// Measured on 64-channel sums of random tiles (`Tools/winograd_points.py`, worst relative
/// error): for α = 5, {0, ±1, ±2} gives 2.4·10⁻⁶ (F(3×3, 3×3); {0, ±1, ±½}: 8.3·10⁻⁶) and
/// 2.2·10⁻⁶ (F(4×4, 2×2)); for α = 7, {0, ±1, ±2, ±½} gives 1.3·10⁻⁵ ({0, ±1, ±2, ±3}: 1.4·10⁻⁴).
struct WinogradTransform: Sendable {
    /// F(3×3, 3×3): 3×3 kernels, stride 1 (chosen per map size, see `WinogradWeightShape`).
    static let f3x3 = WinogradTransform(outputSize: 3, kernelSize: 3, points: [0, 1, -1, 2, -2])
    /// F(5×5, 3×3): 3×3 kernels, stride 1, where its 7×7 tiles cover the map with fewer
    /// products (5×5 outputs: one tile of 49 instead of four of 25).
    static let f5x3 = WinogradTransform(outputSize: 5, kernelSize: 3, points: [0, 1, -1, 2, -2, 0.5, -0.5])
    /// F(4×4, 2×2): the four 2×2 phases of a 4×4 stride-2 kernel.
    static let f4x2 = WinogradTransform(outputSize: 4, kernelSize: 2, points: [0, 1, -1, 2, -2])

    /// Whether `sandwich` runs the C kernels (when the CPU has them; tests switch it off to
    /// check the portable loops against them).
    nonisolated(unsafe) static var usesKernels = PackedMatrix.isAvailable

    /// Outputs per tile side (m).
    let outputSize: Int
    /// Kernel side (r).
    let kernelSize: Int
    /// Input tile side (α = m + r − 1), and the number of products per tile side.
    let tileSize: Int
    /// Products per tile (α²): one matrix product each.
    var coefficients: Int { tileSize * tileSize }
    /// The interpolation points (α of them).
    let points: [Double]

    /// `Aᵀ`, m×α: interpolated products → output tile.
    let outputTransform: [Float]
    /// `A`, α×m: the adjoint of `Aᵀ`.
    let outputAdjoint: [Float]
    /// `G`, α×r: kernel → its values at the points.
    let kernelTransform: [Float]
    /// `Gᵀ`, r×α: the adjoint of `G`.
    let kernelAdjoint: [Float]
    /// `Bᵀ`, α×α: input tile → its values at the points.
    let inputTransform: [Float]
    /// `B`, α×α: the adjoint of `Bᵀ`.
    let inputAdjoint: [Float]

    init(outputSize m: Int, kernelSize r: Int, points: [Double]) {
        precondition(m + r - 1 == points.count, "F(m, r) needs m + r − 1 points")
        let t = points.count
        outputSize = m
        kernelSize = r
        tileSize = t
        self.points = points
        outputAdjoint = Self.evaluation(points, columns: m)
        outputTransform = Self.transposed(outputAdjoint, rows: t, columns: m)
        kernelTransform = Self.evaluation(points, columns: r)
        kernelAdjoint = Self.transposed(kernelTransform, rows: t, columns: r)
        inputAdjoint = Self.interpolation(points)
        inputTransform = Self.transposed(inputAdjoint, rows: t, columns: t)
    }

    /// `E[j][k] = pⱼᵏ` (α × columns): evaluating a polynomial with `columns` coefficients.
    private static func evaluation(_ points: [Double], columns: Int) -> [Float] {
        var matrix: [Float] = []
        for p in points {
            for k in 0..<columns { matrix.append(Float(pow(p, k))) }
        }
        return matrix
    }

    /// `C[d][j]`: coefficient `d` of the Lagrange polynomial that is 1 at point `j` and 0
    /// at the others (α×α), which recovers a product polynomial from its values.
    private static func interpolation(_ points: [Double]) -> [Float] {
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
    /// `output[(i·p + j)·outputStride ..< +count]`. Working on
    /// rows of tiles lets every step be a plain vector loop. `scratch` holds `p·q·count` values.
    @inline(__always)
    static func sandwich(_ m: UnsafePointer<Float>, p: Int, q: Int,
                         input: UnsafePointer<Float>, inputStride: Int,
                         output: UnsafeMutablePointer<Float>, outputStride: Int,
                         count: Int, scratch: UnsafeMutablePointer<Float>) {
        // The same arithmetic, eight tiles per AVX2 vector with FMA (CKernels), when it can.
        if usesKernels,
           ign_sandwich(m, Int32(p), Int32(q), input, inputStride, output, outputStride, count) != 0 {
            return
        }
        // scratch[i][b] = Σₐ M[i][a] · X[a][b]
        for i in 0..<p {
            for b in 0..<q {
                combine(into: scratch + (i * q + b) * count, count: count,
                        terms: q, weight: { m[i * q + $0] }, row: { input + ($0 * q + b) * inputStride })
            }
        }
        // output[i][j] = Σ_b scratch[i][b] · M[j][b]
        for i in 0..<p {
            for j in 0..<p {
                combine(into: output + (i * p + j) * outputStride, count: count,
                        terms: q, weight: { m[j * q + $0] }, row: { UnsafePointer(scratch + (i * q + $0) * count) })
            }
        }
    }

    /// `target = Σₜ weight(t) · row(t)` over rows of `count` values, skipping zero weights.
    @inline(__always)
    private static func combine(into target: UnsafeMutablePointer<Float>, count: Int,
                                terms: Int, weight: (Int) -> Float,
                                row: (Int) -> UnsafePointer<Float>) {
        var first = true
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
