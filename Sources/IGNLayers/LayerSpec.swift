/// A serialisable description of a layer: what the `__metadata__` of a weights file stores
/// so that the file alone rebuilds its network.
///
/// JSON form (one object per layer, keys as in PyTorch's constructor arguments):
/// ```
/// {"type": "Sequential", "layers": [
///   {"type": "Conv2d", "in_channels": 1, "out_channels": 64, "kernel_size": 4,
///    "stride": 2, "padding": 1, "bias": true},
///   {"type": "BatchNorm2d", "num_features": 64, "eps": 1e-05, "momentum": 0.1},
///   {"type": "LeakyReLU", "negative_slope": 0.2},
///   {"type": "ConvTranspose2d", ...}, {"type": "ReLU"}, {"type": "Tanh"},
///   {"type": "Dropout2d", "p": 0.1}]}
/// ```
public indirect enum LayerSpec: Equatable, Sendable {
    case sequential([LayerSpec])
    case conv2d(inChannels: Int, outChannels: Int, kernel: Int, stride: Int, padding: Int, bias: Bool)
    case convTranspose2d(inChannels: Int, outChannels: Int, kernel: Int, stride: Int, padding: Int, bias: Bool)
    case batchNorm2d(channels: Int, eps: Float, momentum: Float)
    case relu
    case leakyReLU(slope: Float)
    case tanh
    case dropout2d(probability: Float)

    /// Builds the layer this spec describes, with freshly initialised parameters.
    public func makeLayer() -> Layer {
        switch self {
        case .sequential(let layers): return Sequential(layers.map { $0.makeLayer() })
        case let .conv2d(i, o, k, s, p, b): return Conv2d(i, o, kernel: k, stride: s, padding: p, bias: b)
        case let .convTranspose2d(i, o, k, s, p, b):
            return ConvTranspose2d(i, o, kernel: k, stride: s, padding: p, bias: b)
        case let .batchNorm2d(c, eps, m): return BatchNorm2d(c, epsilon: eps, momentum: m)
        case .relu: return Activation(.relu)
        case .leakyReLU(let slope): return Activation(.leakyReLU(slope: slope))
        case .tanh: return Activation(.tanh)
        case .dropout2d(let p): return Dropout2d(probability: p)
        }
    }
}

/// Written as PyTorch-style JSON (`{"type": "Conv2d", "in_channels": 1, …}`); read back by
/// `LayerSpec(json:)` in IGNSafeTensors, beside the model file that carries it.
extension LayerSpec: Encodable {
    private enum Key: String, CodingKey {
        case type, layers
        case inChannels = "in_channels", outChannels = "out_channels", kernel = "kernel_size"
        case stride, padding, bias
        case numFeatures = "num_features", eps, momentum
        case negativeSlope = "negative_slope", p
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .sequential(let layers):
            try c.encode("Sequential", forKey: .type)
            try c.encode(layers, forKey: .layers)
        case let .conv2d(i, o, k, s, p, b), let .convTranspose2d(i, o, k, s, p, b):
            if case .conv2d = self { try c.encode("Conv2d", forKey: .type) } else {
                try c.encode("ConvTranspose2d", forKey: .type)
            }
            try c.encode(i, forKey: .inChannels)
            try c.encode(o, forKey: .outChannels)
            try c.encode(k, forKey: .kernel)
            try c.encode(s, forKey: .stride)
            try c.encode(p, forKey: .padding)
            try c.encode(b, forKey: .bias)
        case let .batchNorm2d(n, eps, m):
            try c.encode("BatchNorm2d", forKey: .type)
            try c.encode(n, forKey: .numFeatures)
            try c.encode(eps, forKey: .eps)
            try c.encode(m, forKey: .momentum)
        case .relu: try c.encode("ReLU", forKey: .type)
        case .leakyReLU(let slope):
            try c.encode("LeakyReLU", forKey: .type)
            try c.encode(slope, forKey: .negativeSlope)
        case .tanh: try c.encode("Tanh", forKey: .type)
        case .dropout2d(let p):
            try c.encode("Dropout2d", forKey: .type)
            try c.encode(p, forKey: .p)
        }
    }
}
