import IGNNeural

/// A layer wrapper that adds up the time its layer spends forward and backward (for
/// `--profile`); it forwards everything else to the wrapped layer.
final class LayerTimer: Layer {
    let inner: Layer
    private(set) var forwardSeconds = 0.0
    private(set) var backwardSeconds = 0.0
    private(set) var forwardCalls = 0

    init(_ inner: Layer) { self.inner = inner }

    func reset() { forwardSeconds = 0; backwardSeconds = 0; forwardCalls = 0 }

    func outputGeometry(for input: Geometry) throws -> Geometry { try inner.outputGeometry(for: input) }

    func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache, mode: ForwardMode) {
        forwardSeconds += Stopwatch.time { inner.forward(input, into: output, cache: cache, mode: mode) }
        forwardCalls += 1
    }

    func backward(input: FeatureMaps, output: FeatureMaps, gradOutput: FeatureMaps,
                  gradInput: FeatureMaps?, cache: LayerCache, parameterGradients: Bool) {
        backwardSeconds += Stopwatch.time {
            inner.backward(input: input, output: output, gradOutput: gradOutput, gradInput: gradInput,
                           cache: cache, parameterGradients: parameterGradients)
        }
    }

    var parameters: [(name: String, parameter: Parameter)] { inner.parameters }
    var stateBuffers: [(name: String, buffer: StateBuffer)] { inner.stateBuffers }
    var spec: LayerSpec { inner.spec }
}
