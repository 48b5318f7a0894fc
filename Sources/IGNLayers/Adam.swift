import IGNCompute

/// The Adam optimizer, with PyTorch's exact update (`torch.optim.Adam`, amsgrad off):
///
///     m ← β₁·m + (1 − β₁)·g        v ← β₂·v + (1 − β₂)·g²
///     p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// with `g` the gradient plus `weightDecay · p` (L2, not decoupled).
public final class Adam {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var weightDecay: Float
    /// The optimized parameters, in a fixed order (the order of the saved state).
    public let parameters: [Parameter]
    /// Number of updates taken so far (`t` above).
    public private(set) var step = 0
    /// First moments, one array per parameter.
    public private(set) var firstMoments: [[Float]]
    /// Second moments, one array per parameter.
    public private(set) var secondMoments: [[Float]]

    public init(parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9,
                beta2: Float = 0.999, epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoments = parameters.map { [Float](repeating: 0, count: $0.count) }
        secondMoments = firstMoments
    }

    /// Applies one update from the parameters' accumulated gradients.
    public func update() {
        step += 1
        let correction1 = 1 - Float(Double(beta1).power(step))
        let correction2Root = (1 - Float(Double(beta2).power(step))).squareRoot()
        let stepSize = learningRate / correction1
        let (b1, b2, eps, decay) = (beta1, beta2, epsilon, weightDecay)
        for (index, parameter) in parameters.enumerated() where parameter.requiresGradient {
            parameter.value.withUnsafeMutableBufferPointer { p in
                parameter.gradient.withUnsafeBufferPointer { g in
                    firstMoments[index].withUnsafeMutableBufferPointer { m in
                        secondMoments[index].withUnsafeMutableBufferPointer { v in
                            let count = p.count, chunk = 1 << 16
                            let (p, g, m, v) = (p.baseAddress!, g.baseAddress!, m.baseAddress!, v.baseAddress!)
                            // Element by element, so splitting over the cores changes nothing.
                            Parallel.forEach((count + chunk - 1) / chunk, valuesPerIteration: chunk) { part in
                                for i in part * chunk..<min(count, (part + 1) * chunk) {
                                    let grad = decay == 0 ? g[i] : g[i] + decay * p[i]
                                    m[i] = b1 * m[i] + (1 - b1) * grad
                                    v[i] = b2 * v[i] + (1 - b2) * grad * grad
                                    let denominator = v[i].squareRoot() / correction2Root + eps
                                    p[i] -= stepSize * m[i] / denominator
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Clears every parameter's gradient.
    public func zeroGradients() { parameters.forEach { $0.zeroGradient() } }

    /// Restores saved optimizer state (from `step`, `firstMoments`, `secondMoments`).
    public func restore(step: Int, firstMoments: [[Float]], secondMoments: [[Float]]) throws {
        guard firstMoments.count == parameters.count, secondMoments.count == parameters.count,
              zip(parameters, firstMoments).allSatisfy({ $0.count == $1.count }),
              zip(parameters, secondMoments).allSatisfy({ $0.count == $1.count }), step >= 0 else {
            throw NetworkError.unsupported("optimizer state does not match the network's parameters")
        }
        self.step = step
        self.firstMoments = firstMoments
        self.secondMoments = secondMoments
    }
}

extension Double {
    func power(_ n: Int) -> Double {
        #if canImport(Glibc)
        return Glibc.pow(self, Double(n))
        #else
        return Foundation.pow(self, Double(n))
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#else
import FoundationEssentials
#endif
