import Foundation
import IGN
import IGNImage
import IGNNeural

/// The bundled Fashion-MNIST projector.
func bundledModel() throws -> IGNModel {
    guard let bundled = BundledModel.named("fashion-mnist") else { throw IGNModelError.invalid("no bundled model") }
    return try bundled.load()
}

/// A small untrained colour model (the celeba64 layout at 1/16 width): enough to check the
/// properties the applications promise whatever the weights.
func tinyColourModel(seed: UInt64 = 5) throws -> IGNModel {
    var generator = RandomGenerator(seed: seed)
    let model = try IGNModel(architecture: .celeba64, width: 0.0625, generator: &generator)
    // DCGAN's N(0, 0.02) start answers near-gray everywhere; larger weights give colours.
    for (_, parameter) in model.network.parameters where parameter.shape.count > 1 {
        parameter.value = generator.normal(count: parameter.count, standardDeviation: 0.3)
    }
    return model
}

/// The first `count` Fashion-MNIST test images as 8-bit gray images.
func fashionTestImages(count: Int) throws -> [Image] {
    let data = try ImageDataset.load(path: "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz",
                                     geometry: Geometry(channels: 1, height: 28, width: 28)).prefix(count)
    return try (0..<count).map { index in
        let values = Array(data.values[index * 784..<(index + 1) * 784])
        return try Image(normalizedPlanar: values, width: 28, height: 28, colorModel: .gray)
    }
}

/// A colour test card: a red disc on a blue-to-yellow gradient, `width × height`.
func colourCard(width: Int = 40, height: Int = 30) throws -> Image {
    var samples: [UInt16] = []
    for y in 0..<height {
        for x in 0..<width {
            let inside = (x - width / 2) * (x - width / 2) + (y - height / 2) * (y - height / 2) < (height / 3) * (height / 3)
            let t = UInt16(x * 255 / max(1, width - 1))
            samples += inside ? [230 * 257, 30 * 257, 40 * 257] : [t * 257, t * 257, (255 - t) * 257]
        }
    }
    return try Image(width: width, height: height, colorModel: .rgb, samples: samples)
}

/// PSNR (0–1 scale) between two images of the same shape.
func psnr(_ a: Image, _ b: Image) -> Double {
    let pa = PlanarImage(a), pb = PlanarImage(b)
    precondition(pa.values.count == pb.values.count)
    let mse = zip(pa.values, pb.values).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) } / Double(pa.values.count)
    return mse == 0 ? 100 : 10 * log10(1 / mse)
}
