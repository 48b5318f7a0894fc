import IGNCompute

/// A per-image distance between two batches of the same shape: the mean absolute error
/// (L1) or mean squared error over each image's values.
public enum Distance: String, Codable, Sendable, CaseIterable {
    case l1
    case mse

    /// One distance per image of the batch.
    public func perImage(_ a: FeatureMaps, _ b: FeatureMaps) -> [Float] {
        precondition(a.count == b.count && a.batch == b.batch, "distance between different shapes")
        let batch = a.batch, plane = a.planeSize, perImage = a.channels * plane
        var result = [Float](repeating: 0, count: batch)
        let pa = a.pointer, pb = b.pointer, channels = a.channels
        result.withUnsafeMutableBufferPointer { out in
            let target = out.baseAddress!
            Parallel.forEach(batch, valuesPerIteration: perImage) { n in
                var total: Double = 0
                for c in 0..<channels {
                    let offset = (c * batch + n) * plane
                    var sum: Float = 0
                    switch self {
                    case .l1: for i in 0..<plane { sum += abs(pa[offset + i] - pb[offset + i]) }
                    case .mse:
                        for i in 0..<plane { let d = pa[offset + i] - pb[offset + i]; sum += d * d }
                    }
                    total += Double(sum)
                }
                target[n] = Float(total / Double(perImage))
            }
        }
        return result
    }

    /// Adds `weights[n] · ∂D(a, b)ₙ/∂a` into `gradA` and `weights[n] · ∂D(a, b)ₙ/∂b` into
    /// `gradB`, for whichever of them is given (each must already have `a`'s shape).
    public func accumulateGradient(_ a: FeatureMaps, _ b: FeatureMaps, weights: [Float],
                                   intoA gradA: FeatureMaps?, intoB gradB: FeatureMaps?) {
        precondition(a.count == b.count && a.batch == b.batch, "distance between different shapes")
        precondition(gradA.map { $0.count == a.count } ?? true, "gradA does not have a's shape")
        precondition(gradB.map { $0.count == a.count } ?? true, "gradB does not have a's shape")
        let batch = a.batch, plane = a.planeSize
        let scale = self == .l1 ? 1 / Float(a.channels * plane) : 2 / Float(a.channels * plane)
        let pa = a.pointer, pb = b.pointer
        let ga = gradA?.pointer, gb = gradB?.pointer
        let l1 = self == .l1
        weights.withUnsafeBufferPointer { w in
            let weight = w.baseAddress!
            Parallel.forEach(a.channels * batch, valuesPerIteration: plane) { map in
                let n = map % batch
                let factor = weight[n] * scale
                let offset = map * plane
                for i in offset..<offset + plane {
                    let d = pa[i] - pb[i]
                    let g = l1 ? (d > 0 ? factor : (d < 0 ? -factor : 0)) : factor * d
                    if let ga { ga[i] += g }
                    if let gb { gb[i] -= g }
                }
            }
        }
    }
}
