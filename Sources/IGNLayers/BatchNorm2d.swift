import IGNCompute

/// Batch normalisation over each channel (PyTorch's `nn.BatchNorm2d` with affine weights
/// and tracked running statistics).
///
/// With batch statistics, each channel is normalised by the mean and (biased) variance of
/// all its values in the batch, and the running averages move towards them by `momentum`
/// (the variance's unbiased form, as PyTorch does). With running statistics, the stored
/// averages are used and every image is normalised independently of its batch.
public final class BatchNorm2d: Layer {
    public let channels: Int
    public let epsilon: Float
    public let momentum: Float
    /// γ, `[channels]`, initially 1.
    public let weight: Parameter
    /// β, `[channels]`, initially 0.
    public let bias: Parameter
    /// `[channels]`, initially 0.
    public let runningMean: StateBuffer
    /// `[channels]`, initially 1.
    public let runningVariance: StateBuffer

    public init(_ channels: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        self.channels = channels
        self.epsilon = epsilon
        self.momentum = momentum
        weight = Parameter(shape: [channels], value: 1)
        bias = Parameter(shape: [channels], value: 0)
        runningMean = StateBuffer(shape: [channels], value: 0)
        runningVariance = StateBuffer(shape: [channels], value: 1)
    }

    public var parameters: [(name: String, parameter: Parameter)] {
        [("weight", weight), ("bias", bias)]
    }

    public var stateBuffers: [(name: String, buffer: StateBuffer)] {
        [("running_mean", runningMean), ("running_var", runningVariance)]
    }

    public var spec: LayerSpec { .batchNorm2d(channels: channels, eps: epsilon, momentum: momentum) }

    public func outputGeometry(for input: Geometry) throws -> Geometry {
        guard input.channels == channels else {
            throw NetworkError.shapeMismatch(layer: "BatchNorm2d(\(channels))",
                                             expected: "\(channels) channels", got: input.description)
        }
        return input
    }

    /// Saves the per-channel statistics it used in `cache.values` for the backward pass:
    /// `[mean₀…meanₙ₋₁, invStd₀…invStdₙ₋₁, variance₀…varianceₙ₋₁, 1 if batch statistics else 0]`
    /// (the variance is the biased one it normalised with).
    public func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache,
                        mode: ForwardMode) {
        output.resize(like: input)
        let length = input.channelStride
        if cache.values.count != 3 * channels + 1 {
            cache.values = [Float](repeating: 0, count: 3 * channels + 1)
        }
        let inBase = input.pointer, outBase = output.pointer
        let eps = epsilon
        switch mode.normalization {
        case .runningStatistics:
            let mean = runningMean.value, variance = runningVariance.value
            for c in 0..<channels {
                cache.values[c] = mean[c]
                cache.values[channels + c] = 1 / (variance[c] + eps).squareRoot()
                cache.values[2 * channels + c] = variance[c]
            }
        case .batchStatistics(let update):
            var variances = [Float](repeating: 0, count: channels)
            cache.values.withUnsafeMutableBufferPointer { stats in
                variances.withUnsafeMutableBufferPointer { vars in
                    let s = stats.baseAddress!, v = vars.baseAddress!
                    let channelCount = channels
                    Parallel.forEach(channels, valuesPerIteration: length) { c in
                        let row = inBase + c * length
                        let mean = RowSums.sum(row, count: length) / Double(length)
                        let variance = RowSums.squaredDeviations(row, count: length, mean: mean)
                            / Double(length)
                        s[c] = Float(mean)
                        s[channelCount + c] = Float(1 / (variance + Double(eps)).squareRoot())
                        s[2 * channelCount + c] = Float(variance)
                        v[c] = Float(variance)
                    }
                }
            }
            if update {
                let unbiased = length > 1 ? Float(length) / Float(length - 1) : 1
                for c in 0..<channels {
                    runningMean.value[c] = (1 - momentum) * runningMean.value[c]
                        + momentum * cache.values[c]
                    runningVariance.value[c] = (1 - momentum) * runningVariance.value[c]
                        + momentum * variances[c] * unbiased
                }
            }
        }
        let channelCount = channels
        cache.values.withUnsafeBufferPointer { stats in
            weight.value.withUnsafeBufferPointer { gamma in
                bias.value.withUnsafeBufferPointer { beta in
                    let s = stats.baseAddress!, g = gamma.baseAddress!, b = beta.baseAddress!
                    Parallel.forEach(channels, valuesPerIteration: length) { c in
                        let scale = g[c] * s[channelCount + c]
                        let shift = b[c] - s[c] * scale
                        let source = inBase + c * length, target = outBase + c * length
                        for i in 0..<length { target[i] = source[i] * scale + shift }
                    }
                }
            }
        }
        // The backward pass needs to know which statistics were used.
        cache.values[3 * channels] = mode.normalization == .runningStatistics ? 0 : 1
    }

    public func backward(input: FeatureMaps, output: FeatureMaps, gradOutput: FeatureMaps,
                         gradInput: FeatureMaps?, cache: LayerCache, parameterGradients: Bool) {
        let length = input.channelStride
        let batchStatistics = cache.values[3 * channels] != 0
        // Resize before taking the pointer: growing reallocates the storage.
        gradInput?.resize(like: input)
        let inBase = input.pointer, gradBase = gradOutput.pointer
        let gradInBase = gradInput?.pointer
        let channelCount = channels
        var sums = [Float](repeating: 0, count: 2 * channels)  // Σdy, Σdy·x̂
        cache.values.withUnsafeBufferPointer { stats in
            weight.value.withUnsafeBufferPointer { gamma in
                sums.withUnsafeMutableBufferPointer { sumsBuffer in
                    let s = stats.baseAddress!, g = gamma.baseAddress!, out = sumsBuffer.baseAddress!
                    Parallel.forEach(channels, valuesPerIteration: length) { c in
                        let mean = s[c], invStd = s[channelCount + c]
                        let x = inBase + c * length, dy = gradBase + c * length
                        let (sumDy, sumDyXhat) = RowSums.gradientSums(dy, x, count: length, mean: mean, scale: invStd)
                        out[c] = Float(sumDy)
                        out[channelCount + c] = Float(sumDyXhat)
                        guard let gradInBase else { return }
                        let dx = gradInBase + c * length
                        let scale = g[c] * invStd
                        if batchStatistics {
                            let meanDy = Float(sumDy / Double(length))
                            let meanDyXhat = Float(sumDyXhat / Double(length))
                            for i in 0..<length {
                                let xhat = (x[i] - mean) * invStd
                                dx[i] = scale * (dy[i] - meanDy - xhat * meanDyXhat)
                            }
                        } else {
                            for i in 0..<length { dx[i] = scale * dy[i] }
                        }
                    }
                }
            }
        }
        if parameterGradients {
            if weight.requiresGradient {
                for c in 0..<channels { weight.gradient[c] += sums[channels + c] }
            }
            if bias.requiresGradient {
                for c in 0..<channels { bias.gradient[c] += sums[c] }
            }
        }
    }
}
