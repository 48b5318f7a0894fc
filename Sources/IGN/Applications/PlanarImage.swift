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
        // In one pass (no −1…1 copy first), with normalizedPlanar's arithmetic, so the same values.
        let channels = flat.colorModel.channelCount, plane = flat.pixelCount
        values = [Float](unsafeUninitializedCapacity: plane * channels) { out, initialized in
            flat.samples.withUnsafeBufferPointer { samples in
                for pixel in 0..<plane {
                    for channel in 0..<channels {
                        out[channel * plane + pixel] = ((Float(samples[pixel * channels + channel]) / 32767.5 - 1) + 1) / 2
                    }
                }
            }
            initialized = plane * channels
        }
    }

    /// Values of a given shape.
    public init(width: Int, height: Int, colorModel: ColorModel, values: [Float]) {
        precondition(values.count == width * height * colorModel.channelCount, "values do not fill the image")
        self.width = width
        self.height = height
        self.colorModel = colorModel
        self.values = values
    }

    /// A sample on the 0…1 scale, with the arithmetic of ``init(_:background:)``: for work
    /// that streams through samples and must give the planar computation's values.
    @inline(__always) public static func unit(_ sample: UInt16) -> Float { ((Float(sample) / 32767.5 - 1) + 1) / 2 }

    /// A value on the 0…1 scale as a sample, with the arithmetic of ``image(bitDepth:)``.
    @inline(__always) public static func sample(unit value: Float) -> UInt16 { Image.sample(normalized: value * 2 - 1) }

    /// The image, values clamped to 0…1.
    public func image(bitDepth: Int = 8) throws -> Image {
        try Image(normalizedPlanar: values, width: width, height: height, colorModel: colorModel, bitDepth: bitDepth,
                  transform: { $0 * 2 - 1 })
    }

    /// Every value replaced by `a + weight·(b − a)` of this image (a) and `other` (b).
    public func blended(toward other: PlanarImage, weight: Float = 1) -> PlanarImage {
        var result = self
        result.blend(toward: other, weight: weight)
        return result
    }

    /// `blended(toward:weight:)` in place, without a copy of the values.
    public mutating func blend(toward other: PlanarImage, weight: Float = 1) {
        precondition(other.values.count == values.count, "images of different shapes")
        other.values.withUnsafeBufferPointer { b in
            values.withUnsafeMutableBufferPointer { a in
                for k in a.indices { a[k] += weight * (b[k] - a[k]) }
            }
        }
    }
}
