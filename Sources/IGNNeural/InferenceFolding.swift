extension Sequential {
    /// A copy of this network for inference with running statistics, in which every batch
    /// norm that directly follows a convolution or transposed convolution (in the same
    /// container) is folded into that convolution: with s = γ / √(σ² + ε),
    /// W′ = s·W along the output channels and b′ = s·(b − μ) + β. The copy computes what
    /// `forward(…, mode: .inference)` computes, with one pass over the activations less per
    /// folded pair. Every layer of the result is new (unfolded ones are copies), so it shares
    /// nothing with this network: later changes to either leave the other alone. Fold again
    /// after the weights or statistics change: the copy's convolutions keep their weights
    /// packed and Winograd-transformed (the latter computed on first use), so changes to
    /// the copy's own weights are not seen either.
    public func foldedForInference() -> Sequential {
        var folded: [Layer] = []
        var index = 0
        while index < layers.count {
            let layer = layers[index]
            let next = index + 1 < layers.count ? layers[index + 1] as? BatchNorm2d : nil
            switch layer {
            case let nested as Sequential:
                folded.append(nested.foldedForInference())
            case let conv as Conv2d where next != nil && next!.channels == conv.outputChannels:
                folded.append(conv.folding(next!))
                index += 1
            case let deconv as ConvTranspose2d where next != nil && next!.channels == deconv.outputChannels:
                folded.append(deconv.folding(next!))
                index += 1
            default:
                folded.append(layer.copied())
            }
            index += 1
        }
        for layer in folded {
            (layer as? Conv2d)?.fixWeights()
            (layer as? ConvTranspose2d)?.fixWeights()
        }
        return Sequential(folded)
    }
}

extension BatchNorm2d {
    /// Per output channel (scale, shift) with which this batch norm, in running-statistics
    /// mode, maps x to scale·x + shift.
    var foldingFactors: [(scale: Float, shift: Float)] {
        (0..<channels).map { c in
            let scale = weight.value[c] / (runningVariance.value[c] + epsilon).squareRoot()
            return (scale, bias.value[c] - runningMean.value[c] * scale)
        }
    }
}

extension Conv2d {
    /// This convolution followed by `norm`, as one convolution with bias.
    func folding(_ norm: BatchNorm2d) -> Conv2d {
        let result = Conv2d(inputChannels, outputChannels, kernel: window.kernel, stride: window.stride,
                            padding: window.padding, bias: true)
        result.algorithm = algorithm
        let factors = norm.foldingFactors
        let perOutput = inputChannels * window.kernel * window.kernel
        for o in 0..<outputChannels {
            for i in 0..<perOutput { result.weight.value[o * perOutput + i] = weight.value[o * perOutput + i] * factors[o].scale }
            result.bias!.value[o] = (bias?.value[o] ?? 0) * factors[o].scale + factors[o].shift
        }
        return result
    }
}

extension ConvTranspose2d {
    /// This transposed convolution followed by `norm`, as one with bias.
    func folding(_ norm: BatchNorm2d) -> ConvTranspose2d {
        let result = ConvTranspose2d(inputChannels, outputChannels, kernel: window.kernel, stride: window.stride,
                                     padding: window.padding, bias: true)
        result.algorithm = algorithm
        let factors = norm.foldingFactors
        let taps = window.kernel * window.kernel
        for i in 0..<inputChannels {
            for o in 0..<outputChannels {
                let start = (i * outputChannels + o) * taps
                for t in 0..<taps { result.weight.value[start + t] = weight.value[start + t] * factors[o].scale }
            }
        }
        for o in 0..<outputChannels {
            result.bias!.value[o] = (bias?.value[o] ?? 0) * factors[o].scale + factors[o].shift
        }
        return result
    }
}

extension Layer {
    /// A new layer with the same description, parameters and state buffers.
    public func copied() -> Layer {
        let copy = spec.makeLayer()
        for ((_, source), (_, target)) in zip(parameters, copy.parameters) { target.value = source.value }
        for ((_, source), (_, target)) in zip(stateBuffers, copy.stateBuffers) { target.value = source.value }
        return copy
    }
}
