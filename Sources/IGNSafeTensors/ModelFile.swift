import FoundationEssentials
import IGNLayers

/// A model file: one safetensors file from which a network can be rebuilt and loaded alone.
///
/// Format (version 1):
/// - Tensors: every parameter and batch-norm running statistic under its PyTorch
///   `state_dict` key (see `Layer.weightTensors`), as F32, F16 or BF16 (one type per file).
///   `num_batches_tracked` entries (PyTorch exports) are accepted and ignored.
/// - `__metadata__["ign.architecture"]`: the network as `LayerSpec` JSON, e.g.
///   `{"type":"Sequential","layers":[{"type":"Conv2d","in_channels":1,"out_channels":64,
///   "kernel_size":4,"stride":2,"padding":1,"bias":true},{"type":"BatchNorm2d",
///   "num_features":64,"eps":1e-05,"momentum":0.1},{"type":"LeakyReLU","negative_slope":0.2},…]}`.
/// - `__metadata__["ign.format"]`: `"1"` (absent in files from elsewhere; readers accept that).
/// - Any other `__metadata__` strings belong to the caller (`metadata`), and are kept as they are.
/// - Any other tensors belong to the caller too (`extraTensors`, written after the weights);
///   a reader names them with the `ignoring` predicate, and reads them from the file itself.
///
/// This is the one writer of model files: an application adds its own tensors and metadata
/// to a `ModelFile` value and writes that.
public struct ModelFile {
    /// The metadata key of the architecture JSON.
    public static let architectureKey = "ign.architecture"
    /// The metadata key of the format version.
    public static let formatKey = "ign.format"
    /// The format version this code writes and reads.
    public static let formatVersion = "1"

    /// The network, with its weights.
    public var network: Layer
    /// Free-form metadata stored beside the architecture (reserved keys excluded).
    public var metadata: [String: String]
    /// Tensors stored beside the weights, under keys that are no weight's (empty in a file
    /// just read: those stay in the `SafeTensors` for their reader).
    public var extraTensors: [(name: String, tensor: Tensor)]

    /// A model file for `network`; `metadata` must not use the reserved keys.
    public init(network: Layer, metadata: [String: String] = [:],
                extraTensors: [(name: String, tensor: Tensor)] = []) {
        self.network = network
        self.metadata = metadata
        self.extraTensors = extraTensors
    }

    /// Rebuilds a network from a parsed file's architecture and loads its weights. Tensors
    /// that are no weight of the network are an error unless `ignoring` claims them.
    public init(_ file: SafeTensors, ignoring: (String) -> Bool = { _ in false }) throws {
        if let version = file.metadata[ModelFile.formatKey], version != ModelFile.formatVersion {
            throw ModelFileError.unsupportedVersion(version)
        }
        guard let json = file.metadata[ModelFile.architectureKey] else {
            throw ModelFileError.missingArchitecture
        }
        let spec = try LayerSpec(jsonText: json)
        // Building allocates every parameter: refuse a description that needs more values than
        // the file holds (a hostile header could otherwise ask for terabytes before any check).
        let available = file.entries.reduce(0) { $0 + $1.count }
        guard let needed = ModelFile.storedValues(of: spec), needed <= available else {
            throw ModelFileError.invalidArchitecture(
                "the architecture needs more weights than the file's \(available) values")
        }
        let network = spec.makeLayer()
        try network.loadWeights(from: file, ignoring: ignoring)
        var metadata = file.metadata
        metadata[ModelFile.architectureKey] = nil
        metadata[ModelFile.formatKey] = nil
        self.init(network: network, metadata: metadata)
    }

    /// Reads a model file (see `init(_:ignoring:)`).
    public init(contentsOf url: URL, ignoring: (String) -> Bool = { _ in false }) throws {
        try self.init(SafeTensors(contentsOf: url), ignoring: ignoring)
    }

    /// The file's bytes, with tensors stored as `dtype` (F32, F16 or BF16).
    public func encoded(dtype: SafeTensorsDType = .f32) throws -> Data {
        try SafeTensors.encode(network.weightTensors + extraTensors, metadata: fullMetadata(), dtype: dtype)
    }

    /// Writes the file atomically, with tensors stored as `dtype` (F32, F16 or BF16).
    public func write(to url: URL, dtype: SafeTensorsDType = .f32) throws {
        try SafeTensors.write(network.weightTensors + extraTensors, metadata: fullMetadata(), dtype: dtype, to: url)
    }

    /// How many values the weights of `spec` hold, or nil on overflow.
    static func storedValues(of spec: LayerSpec) -> Int? {
        func product(_ factors: Int...) -> Int? {
            var result = 1
            for factor in factors {
                let (value, overflow) = result.multipliedReportingOverflow(by: factor)
                if overflow { return nil }
                result = value
            }
            return result
        }
        switch spec {
        case .sequential(let layers):
            var total = 0
            for layer in layers {
                guard let count = storedValues(of: layer) else { return nil }
                let (sum, overflow) = total.addingReportingOverflow(count)
                if overflow { return nil }
                total = sum
            }
            return total
        case let .conv2d(i, o, k, _, _, bias), let .convTranspose2d(i, o, k, _, _, bias):
            return product(i, o, k, k).flatMap { $0 <= Int.max - o ? $0 + (bias ? o : 0) : nil }
        case .batchNorm2d(let channels, _, _): return product(4, channels)
        case .relu, .leakyReLU, .tanh, .dropout2d: return 0
        }
    }

    private func fullMetadata() throws -> [String: String] {
        for key in [ModelFile.architectureKey, ModelFile.formatKey] where metadata[key] != nil {
            throw ModelFileError.reservedKey(key)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let architecture = String(decoding: try encoder.encode(network.spec), as: UTF8.self)
        return metadata.merging([ModelFile.architectureKey: architecture,
                                 ModelFile.formatKey: ModelFile.formatVersion]) { $1 }
    }
}

/// Why a safetensors file is not a model file.
public enum ModelFileError: Error, Equatable, CustomStringConvertible {
    /// No `ign.architecture` metadata: a weights-only file.
    case missingArchitecture
    /// The architecture JSON does not describe a network this engine builds.
    case invalidArchitecture(String)
    /// An `ign.format` this code does not know.
    case unsupportedVersion(String)
    /// Caller metadata that uses a key the format reserves.
    case reservedKey(String)

    public var description: String {
        switch self {
        case .missingArchitecture:
            return "not a model file: no \"\(ModelFile.architectureKey)\" in __metadata__ (weights only?)"
        case .invalidArchitecture(let reason): return "invalid architecture description: \(reason)"
        case .unsupportedVersion(let v): return "model file format \"\(v)\" is not supported (expected \"\(ModelFile.formatVersion)\")"
        case .reservedKey(let key): return "metadata key \"\(key)\" is reserved for the model file format"
        }
    }
}
