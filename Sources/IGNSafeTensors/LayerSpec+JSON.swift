import IGNLayers

extension LayerSpec {
    /// Reads an architecture description (the JSON `LayerSpec.encode(to:)` writes, with
    /// PyTorch's defaults for omitted arguments: stride 1, padding 0, bias true, eps 1e-5,
    /// momentum 0.1, slope 0.01, p 0.5). Sizes must lie in 0…2²⁰; a description that is not one
    /// is refused as `ModelFileError.invalidArchitecture`, naming where ("layers.2.kernel_size: …").
    public init(json: JSONValue) throws {
        try self.init(json: json, path: [])
    }

    /// Parses `text` as JSON and reads it as an architecture description.
    public init(jsonText text: String) throws {
        let json: JSONValue
        do { json = try JSONValue(parsingBytes: text.utf8) } catch {
            throw ModelFileError.invalidArchitecture("not JSON (\(error))")
        }
        try self.init(json: json)
    }

    private init(json: JSONValue, path: [String]) throws {
        func refuse(_ key: String?, _ why: String) -> ModelFileError {
            let place = (path + (key.map { [$0] } ?? [])).joined(separator: ".")
            return .invalidArchitecture(place.isEmpty ? why : "\(place): \(why)")
        }
        guard json.object != nil else { throw refuse(nil, "expected a layer object") }
        guard let type = json["type"]?.string else { throw refuse("type", "expected the layer's type name") }
        // A member given as null counts as absent (PyTorch's default), as before.
        func member(_ key: String) -> JSONValue? { json[key].flatMap { $0 == .null ? nil : $0 } }
        func int(_ key: String, default value: Int? = nil) throws -> Int {
            guard let member = member(key) else {
                if let value { return value }
                throw refuse(key, "\(type) needs \(key)")
            }
            guard let number = member.integer else { throw refuse(key, "expected a whole number") }
            guard number >= 0, number <= 1 << 20 else { throw refuse(key, "\(number) is out of range (0…\(1 << 20))") }
            return number
        }
        func float(_ key: String, default value: Float) throws -> Float {
            guard let member = member(key) else { return value }
            guard let number = member.number, Float(number).isFinite else { throw refuse(key, "expected a number a Float holds") }
            return Float(number)
        }
        switch type {
        case "Sequential":
            guard let layers = json["layers"]?.array else { throw refuse("layers", "expected an array of layers") }
            self = .sequential(try layers.enumerated().map { index, layer in
                try LayerSpec(json: layer, path: path + ["layers", String(index)])
            })
        case "Conv2d", "ConvTranspose2d":
            let (i, o, k) = (try int("in_channels"), try int("out_channels"), try int("kernel_size"))
            let (s, p) = (try int("stride", default: 1), try int("padding", default: 0))
            var b = true
            if let member = member("bias") {
                guard let value = member.bool else { throw refuse("bias", "expected true or false") }
                b = value
            }
            guard i > 0, o > 0, k > 0, s > 0 else { throw refuse(nil, "\(type) has a non-positive size") }
            self = type == "Conv2d"
                ? .conv2d(inChannels: i, outChannels: o, kernel: k, stride: s, padding: p, bias: b)
                : .convTranspose2d(inChannels: i, outChannels: o, kernel: k, stride: s, padding: p, bias: b)
        case "BatchNorm2d":
            let n = try int("num_features")
            guard n > 0 else { throw refuse("num_features", "BatchNorm2d needs channels") }
            self = .batchNorm2d(channels: n, eps: try float("eps", default: 1e-5), momentum: try float("momentum", default: 0.1))
        case "ReLU": self = .relu
        case "LeakyReLU":
            let slope = try float("negative_slope", default: 0.01)
            guard slope > 0 else { throw refuse("negative_slope", "LeakyReLU slope must be positive") }
            self = .leakyReLU(slope: slope)
        case "Tanh": self = .tanh
        case "Dropout2d":
            let p = try float("p", default: 0.5)
            guard p >= 0, p < 1 else { throw refuse("p", "dropout probability must be in [0, 1)") }
            self = .dropout2d(probability: p)
        default:
            throw refuse("type", "unknown layer type '\(type)'")
        }
    }
}
