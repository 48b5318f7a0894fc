import FoundationEssentials
import IGNFiles
import IGNNeural

/// Reading and writing IGN model files.
///
/// A model file is a `ModelFile` (a safetensors file: f's weights and running statistics
/// under the keys of PyTorch's `state_dict` for
/// `nn.Sequential(nn.Sequential(*encoder), nn.Sequential(*decoder))` ("0.2.weight", …), the
/// architecture and the format version) plus IGN's additions, named in `IGNFileKeys`: the
/// batch-norm statistics sets and frequency noise as tensors, and in the metadata the image
/// shape, the noise kind, the set each use takes and free-form notes on how the model was made.
/// A plain exported PyTorch network (architecture and weights only) is a valid model too:
/// its image size is inferred and its running statistics serve every use.
extension IGNModel {
    /// Reads a model file.
    public static func load(contentsOf url: URL) throws -> IGNModel {
        if let prefix = readPrefix(of: url.path, count: 8) { try checkHeaderLength(prefix) }
        return try load(SafeTensors(contentsOf: url))
    }

    /// Builds a model from a parsed safetensors file.
    public static func load(_ file: SafeTensors) throws -> IGNModel {
        ProcessHeap.prepareForModel(values: file.entries.reduce(0) { $0 + $1.count })
        try checkArchitecture(file)               // absurd sizes, named by layer, before anything is built
        // Architecture + weights, validated; IGN's own tensors are read below.
        let modelFile = try ModelFile(file, ignoring: IGNFileKeys.isAddition)
        guard let network = modelFile.network as? Sequential else {
            throw IGNModelError.notAProjector("the network is not a Sequential")
        }
        let meta = modelFile.metadata
        var geometry: Geometry?
        if let text = meta[IGNFileKeys.image] {
            let parts = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
            guard parts.count == 3, parts.allSatisfy({ $0 > 0 && $0 <= 1 << 14 }) else {
                throw IGNModelError.invalid("bad \(IGNFileKeys.image) '\(text)'")
            }
            geometry = Geometry(channels: parts[0], height: parts[1], width: parts[2])
        }
        // Keep the free-form description only: the keys read here are regenerated on writing,
        // and a checkpoint's counters do not describe a model made from it.
        let reserved = IGNFileKeys.modelMetadata
        let description = meta.filter { key, _ in
            !key.hasPrefix(IGNFileKeys.checkpointPrefix) && !reserved.contains(key)
        }
        let model = try IGNModel(network: network, imageGeometry: geometry, metadata: description)
        try model.checkActivations()

        if meta[IGNFileKeys.noise] == "frequency" {
            func tensor(_ name: String) throws -> [Float] {
                let key = IGNFileKeys.noiseTensor(name)
                let t = try file.tensor(key)
                guard t.count == model.imageGeometry.count else {
                    throw IGNModelError.invalid("\(key) has \(t.count) values, expected \(model.imageGeometry.count)")
                }
                return t.scalars
            }
            model.noise = .frequency(FrequencyStatistics(
                geometry: model.imageGeometry, realMean: try tensor("real_mean"),
                realDeviation: try tensor("real_std"), imaginaryMean: try tensor("imag_mean"),
                imaginaryDeviation: try tensor("imag_std")))
        } else if let kind = meta[IGNFileKeys.noise], kind != "gaussian" {
            throw IGNModelError.invalid("unknown noise '\(kind)'")
        }

        let keys = Set(network.stateBuffers.map(\.name))
        for name in file.names {
            guard let (set, key) = IGNFileKeys.statisticsSetAndKey(name) else { continue }
            guard keys.contains(key) else { throw IGNModelError.invalid("\(name) names no batch-norm buffer") }
            model.statisticsSets[set, default: NormalizationStatistics(values: [:])].values[key] = try file.tensor(name).scalars
        }
        for (name, set) in model.statisticsSets {
            try set.check(against: network, name: name)
        }
        for use in Use.allCases {
            if let set = meta[IGNFileKeys.statisticsChoice(use)] {
                guard model.statisticsSets[set] != nil else {
                    throw IGNModelError.invalid("statistics set '\(set)' for \(use.rawValue) is missing")
                }
                model.statisticsChoice[use] = set
            }
        }
        try model.checkFinite()
        return model
    }

    /// The model file: f, the statistics sets and noise as tensors beside its weights, and
    /// the metadata (the description, the image shape, the noise kind and each use's set).
    public func modelFile() -> ModelFile {
        var tensors: [(name: String, tensor: Tensor)] = []
        for (set, statistics) in statisticsSets.sorted(by: { $0.key < $1.key }) {
            for (key, value) in statistics.values.sorted(by: { $0.key < $1.key }) {
                tensors.append((IGNFileKeys.statistics(set: set, key: key), Tensor(shape: [value.count], scalars: value)))
            }
        }
        if case .frequency(let s) = noise {
            let shape = [imageGeometry.channels, imageGeometry.height, imageGeometry.width]
            for (name, values) in [("real_mean", s.realMean), ("real_std", s.realDeviation),
                                   ("imag_mean", s.imaginaryMean), ("imag_std", s.imaginaryDeviation)] {
                tensors.append((IGNFileKeys.noiseTensor(name), Tensor(shape: shape, scalars: values)))
            }
        }
        var meta = metadata
        meta[IGNFileKeys.image] = "\(imageGeometry.channels)x\(imageGeometry.height)x\(imageGeometry.width)"
        meta[IGNFileKeys.noise] = noise.kind
        for use in Use.allCases { meta[IGNFileKeys.statisticsChoice(use)] = statisticsChoice[use] }
        return ModelFile(network: network, metadata: meta, extraTensors: tensors)
    }

    /// Writes the model file atomically (F16 halves the size; F32 keeps every bit).
    public func write(to url: URL, dtype: SafeTensorsDType = .f32) throws {
        try modelFile().write(to: url, dtype: dtype)
    }
}
