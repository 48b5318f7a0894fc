import IGNNeural

extension IGNModel {
    /// fⁿ(x): f applied `times` times to a batch. `mode` decides normalisation: the default,
    /// `.inference`, uses fixed statistics — those of `network`, normally one of
    /// `inferenceNetwork(for:)` — so each image's result depends on that image alone.
    /// Without `network`, f itself runs with its running statistics. Safe to call from
    /// several threads at once with `.inference`.
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
    /// into the convolutions (see `inferenceNetwork(statisticsSet:)`).
    public func inferenceNetwork(for use: Use) throws -> Sequential {
        try inferenceNetwork(statisticsSet: statisticsSetName(for: use))
    }

    /// f folded for per-image inference with the named statistics set (nil: the network's
    /// own running statistics): a value of its own that shares nothing with `network`, so
    /// several can be held at once and used from several threads. Built once per set and
    /// cached; the cache is emptied when the statistics sets change, and must be emptied
    /// with `discardInferenceNetworks()` after the weights change (training).
    public func inferenceNetwork(statisticsSet name: String?) throws -> Sequential {
        try inferenceCache.network(named: name ?? "") {
            guard let name else { return network.foldedForInference() }
            guard let set = statisticsSets[name] else {
                let known = statisticsSets.keys.sorted().joined(separator: ", ")
                throw IGNModelError.invalid("no statistics set '\(name)' (the model has: \(known.isEmpty ? "none" : known))")
            }
            return try set.network(sharingLayersOf: network).foldedForInference()
        }
    }

    /// Forgets the cached inference networks (after the weights changed).
    public func discardInferenceNetworks() { inferenceCache.removeAll() }

    /// A batch of `count` source-noise images z.
    public func sampleNoise(count: Int, generator: inout RandomGenerator) -> FeatureMaps {
        let maps = FeatureMaps()
        maps.resize(imageGeometry, batch: count)
        noise.sample(into: maps, generator: &generator)
        return maps
    }
}
