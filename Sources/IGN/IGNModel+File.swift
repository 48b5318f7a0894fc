import Foundation
import IGNNeural

/// Reading and writing IGN model files.
///
/// A model file is a safetensors file:
/// - f's weights and running statistics under the keys of PyTorch's `state_dict` for
///   `nn.Sequential(nn.Sequential(*encoder), nn.Sequential(*decoder))` ("0.2.weight", …);
/// - `ign.statistics.SET.KEY`: each named batch-norm statistics set ("images", "noise");
/// - `ign.noise.real_mean`, `…real_std`, `…imag_mean`, `…imag_std` for frequency noise;
/// - `__metadata__`: `ign.format` ("1"), `ign.architecture` (the network as LayerSpec JSON),
///   `ign.image` ("C×H×W" as "1x28x28"), `ign.noise` ("gaussian" or "frequency"),
///   `ign.statistics.project` / `ign.statistics.generate` (the set each use takes),
///   plus free-form `ign.*` descriptions of how the model was made.
/// A plain exported PyTorch network (architecture and weights only) is a valid model too:
/// its image size is inferred and its running statistics serve every use.
extension IGNModel {
    static let statisticsPrefix = "ign.statistics."
    static let noisePrefix = "ign.noise."

    /// Reads a model file.
    public static func load(contentsOf url: URL) throws -> IGNModel {
        try load(SafeTensors(contentsOf: url))
    }

    /// Builds a model from a parsed safetensors file.
    public static func load(_ file: SafeTensors) throws -> IGNModel {
        let modelFile = try ModelFile(file)       // architecture + weights, validated
        guard let network = modelFile.network as? Sequential else {
            throw IGNModelError.notAProjector("the network is not a Sequential")
        }
        let meta = file.metadata
        var geometry: Geometry?
        if let text = meta["ign.image"] {
            let parts = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
            guard parts.count == 3, parts.allSatisfy({ $0 > 0 && $0 <= 1 << 14 }) else {
                throw IGNModelError.invalid("bad ign.image '\(text)'")
            }
            geometry = Geometry(channels: parts[0], height: parts[1], width: parts[2])
        }
        // Keep the free-form description only: the reserved keys are regenerated on writing,
        // and a checkpoint's counters do not describe a model made from it.
        let description = meta.filter { key, _ in
            !key.hasPrefix("ign.checkpoint.") && !["ign.architecture", "ign.format", "ign.image", "ign.noise",
                                                   "ign.statistics.project", "ign.statistics.generate",
                                                   "ign.statistics.denoise"].contains(key)
        }
        let model = try IGNModel(network: network, imageGeometry: geometry, metadata: description)

        if meta["ign.noise"] == "frequency" {
            func tensor(_ name: String) throws -> [Float] {
                let t = try file.tensor(noisePrefix + name)
                guard t.count == model.imageGeometry.count else {
                    throw IGNModelError.invalid("\(noisePrefix + name) has \(t.count) values, expected \(model.imageGeometry.count)")
                }
                return t.scalars
            }
            model.noise = .frequency(FrequencyStatistics(
                geometry: model.imageGeometry, realMean: try tensor("real_mean"),
                realDeviation: try tensor("real_std"), imaginaryMean: try tensor("imag_mean"),
                imaginaryDeviation: try tensor("imag_std")))
        } else if let kind = meta["ign.noise"], kind != "gaussian" {
            throw IGNModelError.invalid("unknown noise '\(kind)'")
        }

        let keys = Set(network.stateBuffers.map(\.name))
        for name in file.names where name.hasPrefix(statisticsPrefix) {
            let rest = name.dropFirst(statisticsPrefix.count)
            guard let dot = rest.firstIndex(of: ".") else { continue }
            let set = String(rest[..<dot]), key = String(rest[rest.index(after: dot)...])
            guard keys.contains(key) else { throw IGNModelError.invalid("\(name) names no batch-norm buffer") }
            model.statisticsSets[set, default: NormalizationStatistics(values: [:])].values[key] = try file.tensor(name).scalars
        }
        for (name, set) in model.statisticsSets {
            try set.check(against: network, name: name)
        }
        for use in Use.allCases {
            if let set = meta["ign.statistics.\(use.rawValue)"] {
                guard model.statisticsSets[set] != nil else {
                    throw IGNModelError.invalid("statistics set '\(set)' for \(use.rawValue) is missing")
                }
                model.statisticsChoice[use] = set
            }
        }
        try model.checkFinite()
        return model
    }

    /// All tensors and metadata of the model file.
    public func fileContents() throws -> (tensors: [(name: String, tensor: Tensor)], metadata: [String: String]) {
        var tensors = network.weightTensors
        for (set, statistics) in statisticsSets.sorted(by: { $0.key < $1.key }) {
            for (key, value) in statistics.values.sorted(by: { $0.key < $1.key }) {
                tensors.append(("\(IGNModel.statisticsPrefix)\(set).\(key)", Tensor(shape: [value.count], scalars: value)))
            }
        }
        if case .frequency(let s) = noise {
            let shape = [imageGeometry.channels, imageGeometry.height, imageGeometry.width]
            for (name, values) in [("real_mean", s.realMean), ("real_std", s.realDeviation),
                                   ("imag_mean", s.imaginaryMean), ("imag_std", s.imaginaryDeviation)] {
                tensors.append((IGNModel.noisePrefix + name, Tensor(shape: shape, scalars: values)))
            }
        }
        var meta = metadata
        let architecture = try JSONEncoder().encode(network.spec)
        meta[ModelFile.architectureKey] = String(decoding: architecture, as: UTF8.self)
        meta[ModelFile.formatKey] = ModelFile.formatVersion
        meta["ign.image"] = "\(imageGeometry.channels)x\(imageGeometry.height)x\(imageGeometry.width)"
        meta["ign.noise"] = noise.kind
        for use in Use.allCases { meta["ign.statistics.\(use.rawValue)"] = statisticsChoice[use] }
        return (tensors, meta)
    }

    /// Writes the model file atomically (F16 halves the size; F32 keeps every bit).
    public func write(to url: URL, dtype: SafeTensorsDType = .f32) throws {
        let (tensors, meta) = try fileContents()
        try SafeTensors.write(tensors, metadata: meta, dtype: dtype, to: url)
    }
}
