import IGNLayers

/// One forward and one backward pass of `layer`, starting from NCHW tensors.
public struct Pass {
    public let input: FeatureMaps
    public let output = FeatureMaps()
    public let cache = LayerCache()
    public let gradInput = FeatureMaps()

    public init(_ layer: Layer, input: Tensor, mode: ForwardMode) {
        self.input = FeatureMaps(nchw: input)
        layer.forward(self.input, into: output, cache: cache, mode: mode)
    }

    public func backward(_ layer: Layer, gradOutput: Tensor, parameterGradients: Bool = true) {
        let upstream = FeatureMaps(nchw: gradOutput)
        layer.backward(input: input, output: output, gradOutput: upstream, gradInput: gradInput,
                       cache: cache, parameterGradients: parameterGradients)
    }
}

extension Layer {
    /// Clears every parameter's gradient.
    public func zeroGradients() { parameters.forEach { $0.parameter.zeroGradient() } }
}
