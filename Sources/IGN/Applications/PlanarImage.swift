import IGNImage

/// An image as planar floats on the 0…1 scale (`[C][H][W]`), for per-pixel arithmetic
/// that 16-bit samples cannot hold (differences, blends, weights).
public struct PlanarImage: Sendable, Equatable {
    public let width: Int, height: Int
    /// The colour model of the image it came from, without alpha (alpha is flattened).
    public let colorModel: ColorModel
    /// `channels × height × width` values.
    public var values: [Float]

    public var channels: Int { colorModel.channelCount }
    public var plane: Int { width * height }

    /// The image's samples, alpha flattened onto `background`.
    public init(_ image: Image, background: RGBColor = .white) {
        let flat = image.flattened(onto: background)
        width = flat.width
        height = flat.height
        colorModel = flat.colorModel
        values = flat.normalizedPlanar().map { ($0 + 1) / 2 }
    }

    /// Values of a given shape.
    public init(width: Int, height: Int, colorModel: ColorModel, values: [Float]) {
        precondition(values.count == width * height * colorModel.channelCount, "values do not fill the image")
        self.width = width
        self.height = height
        self.colorModel = colorModel
        self.values = values
    }

    /// The image, values clamped to 0…1.
    public func image(bitDepth: Int = 8) throws -> Image {
        try Image(normalizedPlanar: values.map { $0 * 2 - 1 }, width: width, height: height,
                  colorModel: colorModel, bitDepth: bitDepth)
    }

    /// Every value replaced by `a + weight·(b − a)` of this image (a) and `other` (b), the
    /// weight per pixel (`weights.count == plane`) or one for all.
    public func blended(toward other: PlanarImage, weight: Float = 1, weights: [Float]? = nil) -> PlanarImage {
        precondition(other.values.count == values.count, "images of different shapes")
        var result = self
        for c in 0..<channels {
            for i in 0..<plane {
                let w = weights?[i] ?? weight
                let k = c * plane + i
                result.values[k] = values[k] + w * (other.values[k] - values[k])
            }
        }
        return result
    }
}
