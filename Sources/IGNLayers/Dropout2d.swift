/// Channel dropout (PyTorch's `nn.Dropout2d`): while training, each whole map of each image
/// is zeroed with probability `probability`, and the kept maps are scaled by 1/(1 − p).
public final class Dropout2d: Layer {
    public let probability: Float
    /// The generator drawing the masks; its state is part of a training checkpoint.
    public var generator: RandomGenerator

    public init(probability: Float = 0.5, seed: UInt64 = 0) {
        precondition(probability >= 0 && probability < 1, "dropout probability must be in [0, 1)")
        self.probability = probability
        self.generator = RandomGenerator(seed: seed)
    }

    public var spec: LayerSpec { .dropout2d(probability: probability) }

    public func outputGeometry(for input: Geometry) throws -> Geometry { input }

    /// Saves the per-(channel, image) scale (0 or 1/(1 − p)) in `cache.values`.
    public func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache,
                        mode: ForwardMode) {
        output.resize(like: input)
        let maps = input.channels * input.batch
        if !mode.dropout || probability == 0 {
            cache.values = [Float](repeating: 1, count: maps)
        } else {
            let keep = 1 / (1 - probability)
            cache.values = (0..<maps).map { _ in generator.nextUniform() < probability ? 0 : keep }
        }
        scale(input.pointer, by: cache.values, into: output.pointer, plane: input.planeSize)
    }

    public func backward(input: FeatureMaps, output: FeatureMaps, gradOutput: FeatureMaps,
                         gradInput: FeatureMaps?, cache: LayerCache, parameterGradients: Bool) {
        guard let gradInput else { return }
        gradInput.resize(like: input)
        scale(gradOutput.pointer, by: cache.values, into: gradInput.pointer, plane: input.planeSize)
    }

    private func scale(_ source: UnsafePointer<Float>, by factors: [Float],
                       into target: UnsafeMutablePointer<Float>, plane: Int) {
        for (map, factor) in factors.enumerated() {
            let from = source + map * plane, to = target + map * plane
            for i in 0..<plane { to[i] = from[i] * factor }
        }
    }
}
