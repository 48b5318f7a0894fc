import IGNNeural

extension IGNModel {
    /// fⁿ(x): f applied `times` times to a batch. `mode` decides normalisation: the default,
    /// `.inference`, uses the batch norms' current (fixed) statistics — call `prepare(for:)`
    /// first — so each image's result depends on that image alone. Safe to call from several
    /// threads at once only with `.inference` (batch statistics are per call too, but the
    /// statistics sets are switched model-wide).
    /// `network` replaces f by an equivalent network, such as `inferenceNetwork(for:)`.
    public func apply(_ input: FeatureMaps, times: Int = 1, mode: ForwardMode = .inference,
                      using network: Sequential? = nil) -> FeatureMaps {
        guard times > 0 else {
            let copy = FeatureMaps()
            copy.copy(from: input)
            return copy
        }
        let f = network ?? self.network
        var current = input
        let cache = LayerCache()
        for _ in 0..<times {
            let next = FeatureMaps()
            f.forward(current, into: next, cache: cache, mode: mode)
            current = next
        }
        return current
    }

    /// f for per-image inference with the statistics chosen for `use`, batch norms folded
    /// into the convolutions (see `Sequential.foldedForInference`). Build it again after
    /// the weights or statistics change.
    public func inferenceNetwork(for use: Use) throws -> Sequential {
        try prepare(for: use)
        return network.foldedForInference()
    }

    /// Like `inferenceNetwork(for:)`, with a statistics set named explicitly.
    public func inferenceNetwork(statisticsSet name: String) throws -> Sequential {
        try prepare(statisticsSet: name)
        return network.foldedForInference()
    }

    /// The bottleneck codes of a batch of images.
    public func encode(_ input: FeatureMaps, mode: ForwardMode = .inference) -> FeatureMaps {
        let output = FeatureMaps()
        encoder.forward(input, into: output, cache: LayerCache(), mode: mode)
        return output
    }

    /// Images from bottleneck codes.
    public func decode(_ codes: FeatureMaps, mode: ForwardMode = .inference) -> FeatureMaps {
        let output = FeatureMaps()
        decoder.forward(codes, into: output, cache: LayerCache(), mode: mode)
        return output
    }

    /// A batch of `count` source-noise images z.
    public func sampleNoise(count: Int, generator: inout RandomGenerator) -> FeatureMaps {
        let maps = FeatureMaps()
        maps.resize(imageGeometry, batch: count)
        noise.sample(into: maps, generator: &generator)
        return maps
    }
}
