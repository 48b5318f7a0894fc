extension Image {
    /// The samples as planar (channel, row, column) floats scaled to `-1...1`, the layout a model consumes.
    ///
    /// Channel order follows ``colorModel`` (e.g. R, G, B, A). To get a fixed shape first, chain
    /// `image.converted(to: .gray).resized(width: 28, height: 28).normalizedPlanar()`.
    public func normalizedPlanar() -> [Float] {
        let channels = colorModel.channelCount, plane = pixelCount
        var output = [Float](repeating: 0, count: samples.count)
        for pixel in 0..<plane {
            for channel in 0..<channels {
                output[channel * plane + pixel] = Float(samples[pixel * channels + channel]) / 32767.5 - 1
            }
        }
        return output
    }

    /// One value on the `-1...1` scale as a sample, as ``init(normalizedPlanar:width:height:colorModel:bitDepth:)``
    /// stores it: clamped, NaN as −1. For work that streams pixel by pixel into samples.
    @inlinable @inline(__always)
    public static func sample(normalized value: Float) -> UInt16 {
        SampleScale.clamp(((value.isNaN ? -1 : value) + 1) * 32767.5)
    }

    /// Builds an image from planar (channel, row, column) floats in `-1...1`; values outside are clamped.
    /// - Throws: ``ImageError/invalidArgument(_:)`` when the count does not match the size.
    public init(normalizedPlanar values: [Float], width: Int, height: Int, colorModel: ColorModel,
                bitDepth: Int = 8) throws {
        try self.init(normalizedPlanar: values, width: width, height: height, colorModel: colorModel, bitDepth: bitDepth,
                      transform: { $0 })
    }

    /// As `init(normalizedPlanar:…)` of `values.map(transform)`, without making that copy.
    public init(normalizedPlanar values: [Float], width: Int, height: Int, colorModel: ColorModel,
                bitDepth: Int = 8, transform: (Float) -> Float) throws {
        let channels = colorModel.channelCount, plane = width * height
        guard width > 0, height > 0, values.count == plane * channels else {
            throw ImageError.invalidArgument(
                "\(values.count) values do not fill a \(width)x\(height) \(colorModel) image")
        }
        var samples = [UInt16](repeating: 0, count: values.count)
        for pixel in 0..<plane {
            for channel in 0..<channels {
                let value = transform(values[channel * plane + pixel])
                samples[pixel * channels + channel] = Image.sample(normalized: value)
            }
        }
        try self.init(width: width, height: height, colorModel: colorModel, bitDepth: bitDepth, samples: samples)
    }
}
