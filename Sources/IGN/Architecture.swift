import IGNNeural

/// The network layouts IGN uses: a DCGAN-style encoder (discriminator trunk) to a 1×1
/// bottleneck and a DCGAN-style decoder (generator) back to the image.
///
/// Every layout takes a width multiplier that scales all hidden channel counts, so a CPU
/// budget can pick a slimmer network. Convolutions followed by batch norm have no bias.
public enum Architecture: String, CaseIterable, Codable, Sendable {
    /// 28×28×1 (Fashion-MNIST-like): conv 1→64 k4s2p1 (14²) · 64→128 k4s2p1 (7²) ·
    /// 128→256 k3 (5²) · 256→512 k3 (3²) · 512→512 k3 (1², bottleneck), then the mirror
    /// image with transposed convolutions 512→256→128→64→32→1 and Tanh.
    case mnist28 = "mnist28"
    /// 64×64×3 (CelebA-like): conv 3→64→128→256→512 k4s2p1 (32², 16², 8², 4²) ·
    /// 512→512 k4 (1²), then transposed convolutions 512→512 k4 (4²) →256→128→64→3 k4s2p1.
    case celeba64 = "celeba64"

    /// The image geometry the layout takes and returns.
    public var imageGeometry: Geometry {
        switch self {
        case .mnist28: return Geometry(channels: 1, height: 28, width: 28)
        case .celeba64: return Geometry(channels: 3, height: 64, width: 64)
        }
    }

    /// The encoder and decoder for a width multiplier (1 = the reference sizes).
    public func layers(width: Double = 1) -> (encoder: LayerSpec, decoder: LayerSpec) {
        func ch(_ n: Int) -> Int { max(1, Int((Double(n) * width).rounded())) }
        let lrelu = LayerSpec.leakyReLU(slope: 0.2)
        func conv(_ i: Int, _ o: Int, _ k: Int, _ s: Int, _ p: Int, bias: Bool) -> LayerSpec {
            .conv2d(inChannels: i, outChannels: o, kernel: k, stride: s, padding: p, bias: bias)
        }
        func deconv(_ i: Int, _ o: Int, _ k: Int, _ s: Int, _ p: Int, bias: Bool) -> LayerSpec {
            .convTranspose2d(inChannels: i, outChannels: o, kernel: k, stride: s, padding: p, bias: bias)
        }
        func bn(_ c: Int) -> LayerSpec { .batchNorm2d(channels: c, eps: 1e-5, momentum: 0.1) }
        let image = imageGeometry.channels
        switch self {
        case .mnist28:
            let (a, b, c, d, z) = (ch(64), ch(128), ch(256), ch(512), ch(512))
            let encoder: [LayerSpec] = [
                conv(image, a, 4, 2, 1, bias: true), lrelu,
                conv(a, b, 4, 2, 1, bias: false), bn(b), lrelu,
                conv(b, c, 3, 1, 0, bias: false), bn(c), lrelu,
                conv(c, d, 3, 1, 0, bias: false), bn(d), lrelu,
                conv(d, z, 3, 1, 0, bias: true),
            ]
            let (e, f, g, h) = (ch(256), ch(128), ch(64), ch(32))
            let decoder: [LayerSpec] = [
                deconv(z, e, 3, 1, 0, bias: false), bn(e), .relu,
                deconv(e, f, 3, 1, 0, bias: false), bn(f), .relu,
                deconv(f, g, 3, 1, 0, bias: false), bn(g), .relu,
                deconv(g, h, 4, 2, 1, bias: false), bn(h), .relu,
                deconv(h, image, 4, 2, 1, bias: true), .tanh,
            ]
            return (.sequential(encoder), .sequential(decoder))
        case .celeba64:
            let (a, b, c, d, z) = (ch(64), ch(128), ch(256), ch(512), ch(512))
            let encoder: [LayerSpec] = [
                conv(image, a, 4, 2, 1, bias: true), lrelu,
                conv(a, b, 4, 2, 1, bias: false), bn(b), lrelu,
                conv(b, c, 4, 2, 1, bias: false), bn(c), lrelu,
                conv(c, d, 4, 2, 1, bias: false), bn(d), lrelu,
                conv(d, z, 4, 1, 0, bias: true),
            ]
            let decoder: [LayerSpec] = [
                deconv(z, d, 4, 1, 0, bias: false), bn(d), .relu,
                deconv(d, c, 4, 2, 1, bias: false), bn(c), .relu,
                deconv(c, b, 4, 2, 1, bias: false), bn(b), .relu,
                deconv(b, a, 4, 2, 1, bias: false), bn(a), .relu,
                deconv(a, image, 4, 2, 1, bias: true), .tanh,
            ]
            return (.sequential(encoder), .sequential(decoder))
        }
    }

    /// The whole projector f = decoder ∘ encoder, as PyTorch's
    /// `nn.Sequential(nn.Sequential(*encoder), nn.Sequential(*decoder))`.
    public func network(width: Double = 1) -> LayerSpec {
        let (encoder, decoder) = layers(width: width)
        return .sequential([encoder, decoder])
    }

    /// The layout and a width multiplier that build exactly `spec`, or nil (a network of
    /// another shape). Each hidden layer's channels c of a reference count r allow the widths
    /// that round to c, [(c − ½)/r, (c + ½)/r); the middle of what all layers allow is checked
    /// by rebuilding (and reported as 64ths, or to three decimals, when those build it too).
    public static func identify(_ spec: LayerSpec) -> (architecture: Architecture, width: Double)? {
        func channels(_ spec: LayerSpec) -> [Int] {
            switch spec {
            case .sequential(let layers): return layers.flatMap(channels)
            case let .conv2d(_, o, _, _, _, _), let .convTranspose2d(_, o, _, _, _, _): return [o]
            default: return []
            }
        }
        let found = channels(spec)
        for architecture in allCases {
            let reference = channels(architecture.network(width: 1))
            guard reference.count == found.count else { continue }
            var low = 0.0, high = Double.infinity
            for (c, r) in zip(found, reference).dropLast() where r > 1 {   // the last: the image's channels
                low = max(low, (Double(c) - 0.5) / Double(r))
                high = min(high, (Double(c) + 0.5) / Double(r))
            }
            guard low < high, high.isFinite else { continue }
            let middle = (low + high) / 2
            for width in [(middle * 64).rounded() / 64, (middle * 1000).rounded() / 1000, middle]
            where architecture.network(width: width) == spec {
                return (architecture, width)
            }
        }
        return nil
    }
}
