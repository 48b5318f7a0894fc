import IGN
import IGNNeural

/// A tiny IGN (1×8×8 images, or `channels`×8×8; a few hundred weights) that trains in a
/// debug build in seconds.
public func tinyNetwork(seed: UInt64 = 7, dropout: Bool = false, channels: Int = 1) -> Sequential {
    let encoder: [LayerSpec] = [
        .conv2d(inChannels: channels, outChannels: 4, kernel: 4, stride: 2, padding: 1, bias: true),
        .leakyReLU(slope: 0.2),
        .conv2d(inChannels: 4, outChannels: 6, kernel: 4, stride: 1, padding: 0, bias: false),
        .batchNorm2d(channels: 6, eps: 1e-5, momentum: 0.1),
        .leakyReLU(slope: 0.2),
    ] + (dropout ? [.dropout2d(probability: 0)] : []) + [
        .conv2d(inChannels: 6, outChannels: 8, kernel: 1, stride: 1, padding: 0, bias: true),
    ]
    let decoder: [LayerSpec] = [
        .convTranspose2d(inChannels: 8, outChannels: 6, kernel: 4, stride: 1, padding: 0, bias: false),
        .batchNorm2d(channels: 6, eps: 1e-5, momentum: 0.1),
        .relu,
        .convTranspose2d(inChannels: 6, outChannels: channels, kernel: 4, stride: 2, padding: 1, bias: true),
        .tanh,
    ]
    let network = LayerSpec.sequential([.sequential(encoder), .sequential(decoder)]).makeLayer() as! Sequential
    var generator = RandomGenerator(seed: seed)
    for (_, parameter) in network.parameters where parameter.shape.count > 1 {
        parameter.value = generator.normal(count: parameter.count, standardDeviation: 0.3)
    }
    return network
}

/// `count` smooth 1×8×8 images in [−1, 1]: blobs at random places.
public func blobImages(count: Int, seed: UInt64 = 3, size: Int = 8) -> ImageDataset {
    var generator = RandomGenerator(seed: seed)
    var values: [Float] = []
    for _ in 0..<count {
        let cx = Float(generator.nextUniform()) * Float(size), cy = Float(generator.nextUniform()) * Float(size)
        let radius = 1.5 + 2 * generator.nextUniform()
        for y in 0..<size {
            for x in 0..<size {
                let d = ((Float(x) - cx) * (Float(x) - cx) + (Float(y) - cy) * (Float(y) - cy)).squareRoot()
                values.append(d < radius ? 0.8 : -0.8)
            }
        }
    }
    return ImageDataset(geometry: Geometry(channels: 1, height: size, width: size), values: values, source: "blobs")
}

/// Channel-major maps of the first `count` images of a dataset.
public func maps(_ data: ImageDataset, count: Int, offset: Int = 0) -> FeatureMaps {
    let maps = FeatureMaps()
    data.fill(maps, indices: Array(offset..<offset + count))
    return maps
}

/// `count` 3×8×8 images in [−1, 1], each one colour from red-and-dark to blue-and-light
/// with a faint left-to-right shading: the colour rises with the luma, so it can be told
/// from the gray image.
public func colourFieldImages(count: Int, seed: UInt64 = 3, size: Int = 8) -> ImageDataset {
    var generator = RandomGenerator(seed: seed)
    var values: [Float] = []
    for _ in 0..<count {
        let t = Float(generator.nextUniform())
        let colour: [Float] = [0.8 - 1.6 * t, 0.2, -0.8 + 1.6 * t]   // luma −0.03 + 0.30·(… ) rises with t
        for c in 0..<3 {
            for _ in 0..<size {
                for x in 0..<size { values.append(colour[c] + 0.1 * (Float(x) / Float(size) - 0.5)) }
            }
        }
    }
    return ImageDataset(geometry: Geometry(channels: 3, height: size, width: size), values: values, source: "colour fields")
}
