import IGNNeural

/// Batch-norm running statistics measured on chosen inputs, by buffer key
/// ("0.3.running_mean" → values): one "set" a model can switch its batch norms to.
///
/// Batch statistics adapt to whatever fills the batch, so a model sampled with them gives
/// each image a result that depends on its batch-mates. A per-image tool instead normalises
/// with fixed statistics, and which inputs those are measured on matters (the model card,
/// `Models/README.md`, measures each set next to batch statistics): on
/// real images they suit projection, on noise they suit generation. `measure` computes a
/// set by running the network in batch-statistics mode and averaging each layer's batch
/// mean and variance over the batches. The variance is the biased one batch norm itself
/// normalises with, so fixed statistics reproduce batch-statistics outputs as closely as
/// possible.
public struct NormalizationStatistics: Equatable, Sendable {
    public var values: [String: [Float]]

    public init(values: [String: [Float]]) { self.values = values }

    /// The statistics currently in the network's batch-norm buffers.
    public init(current network: Layer) {
        values = Dictionary(uniqueKeysWithValues: network.stateBuffers.map { ($0.name, $0.buffer.value) })
    }

    /// Averages batch statistics over batches fed through `network` (input of each batch:
    /// what `next` fills).
    public static func measure(_ network: Layer, batches: Int,
                               next: (FeatureMaps) -> Void) -> NormalizationStatistics {
        let cache = LayerCache(), input = FeatureMaps(), output = FeatureMaps()
        var sums: [String: [Double]] = [:]
        for _ in 0..<batches {
            next(input)
            network.forward(input, into: output, cache: cache, mode: .inferenceWithBatchStatistics)
            visitBatchNorms(network, cache: cache, prefix: "") { name, norm, cache in
                let c = norm.channels
                var entry = sums["\(name)running_mean", default: [Double](repeating: 0, count: c)]
                var variance = sums["\(name)running_var", default: [Double](repeating: 0, count: c)]
                for k in 0..<c {                // cache: means, 1/σ, variances, flag
                    entry[k] += Double(cache.values[k])
                    variance[k] += Double(cache.values[2 * c + k])
                }
                sums["\(name)running_mean"] = entry
                sums["\(name)running_var"] = variance
            }
        }
        return NormalizationStatistics(values: sums.mapValues { $0.map { Float($0 / Double(max(batches, 1))) } })
    }

    /// Throws unless these statistics cover every batch-norm buffer of `network` with the
    /// right sizes (and nothing else).
    public func check(against network: Layer, name: String = "") throws {
        let buffers = network.stateBuffers
        let label = name.isEmpty ? "normalisation statistics" : "statistics set '\(name)'"
        for (key, buffer) in buffers {
            guard let value = values[key] else { throw IGNModelError.invalid("\(label) lacks '\(key)'") }
            guard value.count == buffer.value.count else {
                throw IGNModelError.invalid("\(label): '\(key)' has \(value.count) values, the network \(buffer.value.count)")
            }
        }
        guard values.count == buffers.count else {
            let extra = Set(values.keys).subtracting(buffers.map(\.name)).sorted()
            throw IGNModelError.invalid("\(label) names buffers the network lacks: \(extra.joined(separator: ", "))")
        }
    }

    /// Copies these statistics into the network's batch-norm buffers; checks them all first,
    /// so that on error the network is left as it was.
    public func apply(to network: Layer) throws {
        try check(against: network)
        for (name, buffer) in network.stateBuffers { buffer.value = values[name]! }
    }

    /// A network that computes what `network` computes with these statistics in its batch
    /// norms: the batch norms are new copies holding them, every other layer is shared (not
    /// copied), and `network` itself is left alone. Meant to be folded for inference at once.
    public func network(sharingLayersOf network: Sequential) throws -> Sequential {
        try check(against: network)
        func rebuild(_ sequential: Sequential, prefix: String) -> Sequential {
            Sequential(sequential.layers.enumerated().map { index, layer in
                switch layer {
                case let nested as Sequential:
                    return rebuild(nested, prefix: "\(prefix)\(index).")
                case let norm as BatchNorm2d:
                    let copy = norm.copied()
                    for (name, buffer) in copy.stateBuffers { buffer.value = values["\(prefix)\(index).\(name)"]! }
                    return copy
                default:
                    return layer
                }
            })
        }
        return rebuild(network, prefix: "")
    }

    /// Calls `body` with the key prefix, layer and cache of every batch norm, depth first.
    private static func visitBatchNorms(_ layer: Layer, cache: LayerCache, prefix: String,
                                        _ body: (String, BatchNorm2d, LayerCache) -> Void) {
        if let sequential = layer as? Sequential {
            for (index, child) in sequential.layers.enumerated() {
                visitBatchNorms(child, cache: cache.child(index), prefix: "\(prefix)\(index).", body)
            }
        } else if let norm = layer as? BatchNorm2d {
            body(prefix, norm, cache)
        }
    }
}
