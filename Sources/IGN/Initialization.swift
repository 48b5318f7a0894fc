import IGNNeural

/// DCGAN initialisation, as the IGN references use it: every convolution's weights drawn
/// from N(0, 0.02²), biases zero, batch norm's γ = 1 and β = 0 (PyTorch's defaults; the
/// DCGAN example draws γ from N(1, 0.02²) instead).
public enum Initialization {
    public static func dcgan(_ network: Layer, generator: inout RandomGenerator) {
        for layer in (network as? Sequential)?.leaves ?? [network] {
            switch layer {
            case let conv as Conv2d:
                conv.weight.value = generator.normal(count: conv.weight.count, standardDeviation: 0.02)
                conv.bias?.value = [Float](repeating: 0, count: conv.outputChannels)
            case let deconv as ConvTranspose2d:
                deconv.weight.value = generator.normal(count: deconv.weight.count, standardDeviation: 0.02)
                deconv.bias?.value = [Float](repeating: 0, count: deconv.outputChannels)
            case let norm as BatchNorm2d:
                norm.weight.value = [Float](repeating: 1, count: norm.channels)
                norm.bias.value = [Float](repeating: 0, count: norm.channels)
            default:
                break
            }
        }
    }
}
