import FoundationEssentials
import IGNNeural

extension IGNModel {
    /// Refuses weights, statistics or noise statistics that are not finite numbers (NaN or
    /// ±Inf), naming the first tensor that holds one: such a model would write black or
    /// garbage images without any error.
    func checkFinite() throws {
        func check(_ values: [Float], _ name: String) throws {
            // NaN and ±Inf are the values whose exponent bits are all ones: the largest exponent
            // field, an integer maximum, finds them in one pass the compiler vectorises.
            let largestExponent = values.withUnsafeBytes { bytes in
                bytes.bindMemory(to: UInt32.self).reduce(UInt32(0)) { Swift.max($0, $1 & 0x7F80_0000) }
            }
            guard largestExponent == 0x7F80_0000, let bad = values.first(where: { !$0.isFinite }) else { return }
            throw IGNModelError.invalid("\(name) (\(IGNModel.readablePath(name))) holds \(bad) values: the weights are corrupt")
        }
        for (name, parameter) in network.parameters { try check(parameter.value, name) }
        for (name, buffer) in network.stateBuffers { try check(buffer.value, name) }
        for (set, statistics) in statisticsSets {
            for (key, values) in statistics.values { try check(values, "ign.statistics.\(set).\(key)") }
        }
        if case .frequency(let s) = noise {
            for (name, values) in [("real_mean", s.realMean), ("real_std", s.realDeviation),
                                   ("imag_mean", s.imaginaryMean), ("imag_std", s.imaginaryDeviation)] {
                try check(values, "ign.noise.\(name)")
            }
        }
    }

    /// "0.2.weight" as "encoder layer 2", "1.0.running_var" as "decoder layer 0"; other
    /// names as they are.
    static func readablePath(_ key: String) -> String {
        let parts = key.split(separator: ".")
        guard parts.count >= 3, let part = Int(parts[0]), let layer = Int(parts[1]), part < 2 else { return "model data" }
        return "\(part == 0 ? "encoder" : "decoder") layer \(layer)"
    }
}

/// Sizes no model of this tool can sensibly have. A model file is a description that
/// allocates what it names; these bounds turn absurd numbers (a hostile or damaged file) into
/// a one-line refusal naming the layer, before any layer is built or any image is run.
public enum ModelSizeLimits {
    /// Channels of any convolution or batch norm (the reference layouts use ≤ 512).
    public static let maxChannels = 65536
    /// Kernel size, stride and padding of a convolution (the reference layouts use ≤ 4, 2, 1).
    public static let maxKernel = 64, maxStride = 64, maxPadding = 64
    /// Layers in the whole network (the reference layouts have 30).
    public static let maxLayers = 1000
    /// Trainable and running values in the whole network (the full-width layouts: ~16 million).
    public static let maxParameters = 300_000_000
    /// Height or width of any layer's output, for the largest input the loader tries.
    public static let maxSide = 1 << 16
    /// Values one layer's output holds for one image (256 MB of floats).
    public static let maxActivation = 1 << 26
    /// Bytes of a model file's safetensors header (the generic limit is 100 MB, which takes
    /// 15 s and 630 MB to parse with 900,000 empty tensors; the bundled model's is 12 KB).
    public static let maxHeaderBytes = 4 << 20
    /// Bytes of the architecture description (the reference layouts': about 3 KB).
    public static let maxArchitectureBytes = 1 << 20
}

extension IGNModel {
    /// Refuses an architecture description with absurd sizes, naming the layer by its readable
    /// path ("decoder layer 3 (ConvTranspose2d): 10000000 output channels is absurd …").
    /// Runs on the JSON alone, before anything is built: channels, kernels, strides, padding,
    /// batch-norm constants, the number of layers, the parameter count, and how large each
    /// layer's output could grow for the largest input the loader would try (the file's
    /// `ign.image`, else 512², the largest size geometry inference tries). The JSON is read
    /// as plain JSON, so any number a `Double` holds is named here, however absurd; one beyond
    /// `Double`'s range (1e400) makes the description unreadable, which the model file's
    /// reader then refuses.
    static func checkArchitecture(_ file: SafeTensors) throws {
        if let json = file.metadata[ModelFile.architectureKey], json.utf8.count > ModelSizeLimits.maxArchitectureBytes {
            throw IGNModelError.invalid("the architecture description is \(json.utf8.count) bytes, more than "
                                        + "\(ModelSizeLimits.maxArchitectureBytes): absurd")
        }
        guard let json = file.metadata[ModelFile.architectureKey],
              let tree = JSONValue(parsing: json) else {
            return   // ModelFile reports a missing or malformed description itself
        }
        var side = 512
        if let text = file.metadata[IGNFileKeys.image] {
            let parts = text.split(separator: "x").compactMap { Int($0) }
            if parts.count == 3, parts.allSatisfy({ $0 > 0 && $0 <= 1 << 14 }) { side = max(parts[1], parts[2]) }
        }
        try checkArchitecture(json: tree, side: side)
    }

    /// Refuses a model file whose safetensors header is longer than any model's, from its
    /// first 8 bytes (the header's length), before the header is parsed.
    static func checkHeaderLength<Bytes: Collection<UInt8>>(_ prefix: Bytes) throws {
        guard prefix.count >= 8 else { return }   // SafeTensors names a truncated file itself
        let length = prefix.prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        if length > UInt64(ModelSizeLimits.maxHeaderBytes) {
            throw IGNModelError.invalid("the safetensors header is \(length) bytes, more than any model's "
                                        + "(\(ModelSizeLimits.maxHeaderBytes)): absurd")
        }
    }

    /// The checks of `checkArchitecture(_:)` on a description, for inputs up to `side`².
    static func checkArchitecture(_ spec: LayerSpec, side: Int) throws {
        let json = try JSONValue(parsingBytes: JSONEncoder().encode(spec))
        try checkArchitecture(json: json, side: side)
    }

    /// The checks on parsed JSON (layers are objects); what is not a layer object is left for
    /// `LayerSpec`'s decoding to refuse.
    private static func checkArchitecture(json: JSONValue, side: Int) throws {
        var layers = 0, parameters = 0
        var height = side, width = side
        func visit(_ node: JSONValue, _ path: [Int]) throws {
            guard let type = node["type"]?.string else { return }
            let layer = node
            if type == "Sequential" {
                for (index, child) in (layer["layers"]?.array ?? []).enumerated() { try visit(child, path + [index]) }
                return
            }
            layers += 1
            guard layers <= ModelSizeLimits.maxLayers else {
                throw IGNModelError.invalid("the network has more than \(ModelSizeLimits.maxLayers) layers: absurd")
            }
            func refuse(_ what: String) -> IGNModelError { .invalid("\(readableLayer(path)) (\(type.prefix(40))): \(what)") }
            /// The number under `key`, checked against `limit`; nil when absent or not a number.
            func number(_ key: String, _ name: String, limit: Int) throws -> Int? {
                guard let value = layer[key]?.number else { return nil }
                guard value <= Double(limit) else {
                    throw refuse("\(value == value.rounded() && abs(value) < 1e18 ? String(Int64(value)) : String(value)) "
                                 + "\(name) is absurd (at most \(limit))")
                }
                return value >= 0 && value == value.rounded() ? Int(value) : nil
            }
            var count = 0
            switch type {
            case "Conv2d", "ConvTranspose2d":
                let i = try number("in_channels", "input channels", limit: ModelSizeLimits.maxChannels)
                let o = try number("out_channels", "output channels", limit: ModelSizeLimits.maxChannels)
                let k = try number("kernel_size", "kernel size", limit: ModelSizeLimits.maxKernel)
                let s = try number("stride", "stride", limit: ModelSizeLimits.maxStride) ?? 1
                let p = try number("padding", "padding", limit: ModelSizeLimits.maxPadding) ?? 0
                guard let i, let o, let k, s > 0 else { return }    // LayerSpec names what is missing or negative
                let bias = layer["bias"]?.bool ?? true
                count = i * o * k * k + (bias ? o : 0)              // ≤ 2^16 · 2^16 · 2^12 + 2^16: no overflow
                if type == "Conv2d" {
                    (height, width) = ((height + 2 * p - k) / s + 1, (width + 2 * p - k) / s + 1)
                } else {
                    (height, width) = ((height - 1) * s - 2 * p + k, (width - 1) * s - 2 * p + k)
                }
                if max(height, width) > ModelSizeLimits.maxSide {   // sides stay ≤ 2^16: no overflow next time
                    throw refuse("its output would be \(height)×\(width) for a \(side)×\(side) input: absurd")
                }
                (height, width) = (max(height, 1), max(width, 1))
            case "BatchNorm2d":
                let channels = try number("num_features", "channels", limit: ModelSizeLimits.maxChannels) ?? 0
                if let eps = layer["eps"]?.number, !(eps > 0 && eps < 1) {
                    throw refuse("eps \(eps) is absurd")
                }
                if let momentum = layer["momentum"]?.number, !(momentum >= 0 && momentum <= 1) {
                    throw refuse("momentum \(momentum) is absurd")
                }
                count = 4 * channels
            default:
                break
            }
            parameters += count
            if parameters > ModelSizeLimits.maxParameters {
                throw refuse("the network reaches \(parameters) parameters here, more than "
                             + "\(ModelSizeLimits.maxParameters / 1_000_000) million: absurd")
            }
        }
        try visit(json, [])
    }

    /// Refuses a model whose layers would hold absurd amounts of values for one image of its
    /// own geometry (checked once the geometry is known, before any image is run).
    func checkActivations() throws {
        var geometry = imageGeometry
        for (path, layer) in network.leavesWithPaths() {
            geometry = try layer.outputGeometry(for: geometry)
            let plane = geometry.height.multipliedReportingOverflow(by: geometry.width)
            let (values, overflow) = geometry.channels.multipliedReportingOverflow(by: plane.partialValue)
            if plane.overflow || overflow || values > ModelSizeLimits.maxActivation {
                throw IGNModelError.invalid(
                    "\(IGNModel.readableLayer(path)) (\(layer.spec.typeName)): its output for one \(imageGeometry) image "
                    + "would be \(geometry): absurd (at most \(ModelSizeLimits.maxActivation) values)")
            }
        }
    }

    /// [0, 3] as "encoder layer 3", [1, 0] as "decoder layer 0", other paths as "layer 2.1.0".
    static func readableLayer(_ path: [Int]) -> String {
        if path.count == 2, path[0] < 2 { return "\(path[0] == 0 ? "encoder" : "decoder") layer \(path[1])" }
        return "layer " + path.map(String.init).joined(separator: ".")
    }
}

extension LayerSpec {
    /// The PyTorch class name ("Conv2d", "BatchNorm2d", …).
    var typeName: String {
        switch self {
        case .sequential: return "Sequential"
        case .conv2d: return "Conv2d"
        case .convTranspose2d: return "ConvTranspose2d"
        case .batchNorm2d: return "BatchNorm2d"
        case .relu: return "ReLU"
        case .leakyReLU: return "LeakyReLU"
        case .tanh: return "Tanh"
        case .dropout2d: return "Dropout2d"
        }
    }
}

extension Sequential {
    /// Every leaf layer with its index path, depth first.
    func leavesWithPaths(_ prefix: [Int] = []) -> [(path: [Int], layer: Layer)] {
        layers.enumerated().flatMap { index, layer -> [(path: [Int], layer: Layer)] in
            if let nested = layer as? Sequential { return nested.leavesWithPaths(prefix + [index]) }
            return [(prefix + [index], layer)]
        }
    }
}
