/// Layers applied one after another (PyTorch's `nn.Sequential`); may nest.
///
/// Parameters are named by position, as in a PyTorch `state_dict`: `"0.weight"`,
/// `"3.running_mean"`, `"1.0.bias"` for nested containers.
public final class Sequential: Layer {
    public let layers: [Layer]

    public init(_ layers: [Layer]) { self.layers = layers }

    public var spec: LayerSpec { .sequential(layers.map(\.spec)) }

    public var parameters: [(name: String, parameter: Parameter)] {
        layers.enumerated().flatMap { index, layer in
            layer.parameters.map { ("\(index).\($0.name)", $0.parameter) }
        }
    }

    public var stateBuffers: [(name: String, buffer: StateBuffer)] {
        layers.enumerated().flatMap { index, layer in
            layer.stateBuffers.map { ("\(index).\($0.name)", $0.buffer) }
        }
    }

    /// Every layer, depth first, nested containers replaced by their contents.
    public var leaves: [Layer] {
        layers.flatMap { ($0 as? Sequential)?.leaves ?? [$0] }
    }

    public func outputGeometry(for input: Geometry) throws -> Geometry {
        try layers.reduce(input) { try $1.outputGeometry(for: $0) }
    }

    /// Intermediate outputs stay in `cache.maps` for the backward pass.
    public func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache,
                        mode: ForwardMode) {
        _ = forward(input, into: output, cache: cache, mode: mode, unless: { false })
    }

    /// `forward`, asking `isInterrupted` before each layer (of nested containers too) and
    /// stopping when it answers true: returns whether the pass ran to its end. A pass
    /// stopped leaves `output` and the cache unfinished (running averages of the layers run
    /// are updated, as in any pass).
    public func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache,
                        mode: ForwardMode, unless isInterrupted: () -> Bool) -> Bool {
        if layers.isEmpty { output.copy(from: input); return true }
        var current = input
        for (index, layer) in layers.enumerated() {
            let target = index == layers.count - 1 ? output : cache.maps(index)
            guard layer.forward(current, into: target, cache: cache.child(index), mode: mode,
                                unless: isInterrupted) else { return false }
            current = target
        }
        return true
    }

    /// Two gradient buffers (`cache.maps` slots past the intermediates) alternate between layers.
    public func backward(input: FeatureMaps, output: FeatureMaps, gradOutput: FeatureMaps,
                         gradInput: FeatureMaps?, cache: LayerCache, parameterGradients: Bool) {
        _ = backward(input: input, output: output, gradOutput: gradOutput, gradInput: gradInput, cache: cache,
                     parameterGradients: parameterGradients, unless: { false })
    }

    /// `backward`, asking `isInterrupted` before each layer and stopping when it answers
    /// true: returns whether the pass ran to its end (the gradients are partial if not).
    public func backward(input: FeatureMaps, output: FeatureMaps, gradOutput: FeatureMaps,
                         gradInput: FeatureMaps?, cache: LayerCache, parameterGradients: Bool,
                         unless isInterrupted: () -> Bool) -> Bool {
        if layers.isEmpty { gradInput?.copy(from: gradOutput); return true }
        let last = layers.count - 1
        var upstream = gradOutput
        for index in stride(from: last, through: 0, by: -1) {
            let layerInput = index == 0 ? input : cache.maps(index - 1)
            let layerOutput = index == last ? output : cache.maps(index)
            let downstream: FeatureMaps? = index == 0
                ? gradInput
                : cache.maps(last + (index % 2))
            guard layers[index].backward(input: layerInput, output: layerOutput, gradOutput: upstream,
                                         gradInput: downstream, cache: cache.child(index),
                                         parameterGradients: parameterGradients, unless: isInterrupted)
            else { return false }
            if let downstream { upstream = downstream }
        }
        return true
    }
}
