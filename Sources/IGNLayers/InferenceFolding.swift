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
            case let convolution as Convolution where next != nil && next!.channels == convolution.outputChannels:
                folded.append(convolution.folding(next!))
                index += 1
            default:
                folded.append(layer.copied())
            }
            index += 1
        }
        for case let convolution as Convolution in folded { convolution.fixWeights() }
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

extension Layer {
    /// A new layer with the same description, parameters and state buffers.
    public func copied() -> Layer {
        let copy = spec.makeLayer()
        for ((_, source), (_, target)) in zip(parameters, copy.parameters) { target.value = source.value }
        for ((_, source), (_, target)) in zip(stateBuffers, copy.stateBuffers) { target.value = source.value }
        return copy
    }
}
