/// The weights' side of a Winograd layer: the algorithm for its kernel, the channel counts,
/// and the transforms between `W[small][large][k][k]` and `U[α²][small][large × phases]`.
public struct WinogradWeightShape: Sendable {
    let transform: WinogradTransform
    /// 1 (3×3 kernels) or 2 (4×4 kernels, as four 2×2 phases).
    let stride: Int
    let smallChannels: Int
    let largeChannels: Int

    /// The algorithm for a kernel and the small map's size, or nil when none fits: 4×4 at
    /// stride 2 uses F(4×4, 2×2) on its phases; 3×3 at stride 1 uses whichever of
    /// F(3×3, 3×3) and F(5×5, 3×3) needs fewer products to cover the map (F(5×5, 3×3) for
    /// 5×5 maps: one tile of 49 instead of four of 25).
    init?(kernel: Int, stride: Int, smallChannels: Int, largeChannels: Int, smallHeight: Int, smallWidth: Int) {
        switch (kernel, stride) {
        case (3, 1):
            func products(_ t: WinogradTransform) -> Int {
                let m = t.outputSize
                return ((smallHeight + m - 1) / m) * ((smallWidth + m - 1) / m) * t.coefficients
            }
            transform = products(.f5x3) < products(.f3x3) ? .f5x3 : .f3x3
        case (4, 2): transform = .f4x2
        default: return nil
        }
        self.stride = stride
        self.smallChannels = smallChannels
        self.largeChannels = largeChannels
    }

    /// Whether some algorithm here handles this kernel.
    public static func supports(kernel: Int, stride: Int) -> Bool {
        (kernel, stride) == (3, 1) || (kernel, stride) == (4, 2)
    }

    /// The kernel side `k` (r at stride 1, 2r at stride 2).
    var kernelSide: Int { transform.kernelSize * stride }
    /// Phase maps per large channel.
    var phases: Int { stride * stride }
    /// Large channels × phases: the shared dimension of the products.
    var largeColumns: Int { largeChannels * phases }
    /// Values of `U`.
    public var count: Int { transform.coefficients * smallChannels * largeColumns }
    /// m of the algorithm F(m×m, r×r): which of them this shape uses.
    public var tileOutputSize: Int { transform.outputSize }

    /// For each phase and each of its r×r taps: the offset in a k×k kernel.
    private var kernelOffsets: [Int] {
        let r = transform.kernelSize, k = kernelSide
        var offsets: [Int] = []
        for phase in 0..<phases {
            let (py, px) = (phase / stride, phase % stride)
            for a in 0..<r {
                for b in 0..<r { offsets.append((stride * a + py) * k + stride * b + px) }
            }
        }
        return offsets
    }

    /// Where pair `u` (small channel, large channel, phase) of `U`'s columns starts in `W`,
    /// and its phase.
    @inline(__always)
    private func kernelStart(_ u: Int) -> (start: Int, phase: Int) {
        let k = kernelSide, columns = largeColumns
        let s = u / columns, l = (u % columns) / phases
        return ((s * largeChannels + l) * k * k, u % phases)
    }

    /// `U = G W Gᵀ` (per phase) for `W[small][large][k][k]`, into `[α²][small][large × phases]`.
    public func transformWeights(_ w: UnsafePointer<Float>, into u: UnsafeMutablePointer<Float>) {
        let pairs = smallChannels * largeColumns, run = WinogradCorrelation.run
        let r = transform.kernelSize, t = transform.tileSize
        let runs = (pairs + run - 1) / run, offsets = kernelOffsets
        transform.kernelTransform.withUnsafeBufferPointer { g in
            Parallel.forEach(runs, valuesPerIteration: run * 200) { index in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: (r * r + t * r) * run) { space in
                    let gathered = space.baseAddress!, scratch = gathered + r * r * run
                    let start = index * run, count = min(run, pairs - start)
                    for v in 0..<count {
                        let (base, phase) = kernelStart(start + v)
                        for e in 0..<r * r { gathered[e * count + v] = w[base + offsets[phase * r * r + e]] }
                    }
                    WinogradTransform.sandwich(g.baseAddress!, p: t, q: r, input: gathered,
                                               inputStride: count, output: u + start,
                                               outputStride: pairs, count: count, scratch: scratch)
                }
            }
        }
    }

    /// `dW += Gᵀ dU G` for `dU[α²][small][large × phases]`, into `dW[small][large][k][k]`.
    func accumulateWeightGradient(_ du: UnsafePointer<Float>, into dw: UnsafeMutablePointer<Float>) {
        let pairs = smallChannels * largeColumns, run = WinogradCorrelation.run
        let r = transform.kernelSize, t = transform.tileSize
        let offsets = kernelOffsets
        // Runs never split one kernel's phases, so no two runs add into the same weights.
        let runLength = run / phases * phases
        let runs = (pairs + runLength - 1) / runLength
        transform.kernelAdjoint.withUnsafeBufferPointer { gt in
            Parallel.forEach(runs, valuesPerIteration: run * 200) { index in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: (r * r + r * t) * run) { space in
                    let values = space.baseAddress!, scratch = values + r * r * run
                    let start = index * runLength, count = min(runLength, pairs - start)
                    WinogradTransform.sandwich(gt.baseAddress!, p: r, q: t, input: du + start,
                                               inputStride: pairs, output: values,
                                               outputStride: count, count: count, scratch: scratch)
                    for v in 0..<count {
                        let (base, phase) = kernelStart(start + v)
                        for e in 0..<r * r { dw[base + offsets[phase * r * r + e]] += values[e * count + v] }
                    }
                }
            }
        }
    }
}
