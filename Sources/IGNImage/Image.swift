/// An image in memory: `width × height` pixels of interleaved samples, rows top to bottom.
///
/// Every sample is a `UInt16` on the full 16-bit scale (0 = black/transparent,
/// 65535 = full intensity/opaque), whatever the file stored: an 8-bit value `v`
/// is held as `v * 257`, so 8-bit data round-trips exactly and 16-bit PNG/PNM
/// keeps its precision. ``bitDepth`` records the precision the samples carry
/// (8 or 16), which writers use as a hint. Alpha is straight (not premultiplied).
public struct Image: Sendable, Equatable {
    /// Width in pixels (> 0).
    public let width: Int
    /// Height in pixels (> 0).
    public let height: Int
    /// Which channels each pixel holds.
    public let colorModel: ColorModel
    /// Precision of the samples: 8 or 16 bits.
    public var bitDepth: Int
    /// `width * height * colorModel.channelCount` samples, interleaved, row-major.
    public var samples: [UInt16]

    /// Wraps existing samples; fails when their count does not match the size.
    public init(width: Int, height: Int, colorModel: ColorModel, bitDepth: Int = 8, samples: [UInt16]) throws {
        guard width > 0, height > 0 else {
            throw ImageError.invalidArgument("image size must be positive, not \(width)x\(height)")
        }
        guard samples.count == width * height * colorModel.channelCount else {
            throw ImageError.invalidArgument(
                "\(samples.count) samples do not fill a \(width)x\(height) \(colorModel) image")
        }
        guard bitDepth == 8 || bitDepth == 16 else {
            throw ImageError.invalidArgument("bit depth must be 8 or 16, not \(bitDepth)")
        }
        self.width = width
        self.height = height
        self.colorModel = colorModel
        self.bitDepth = bitDepth
        self.samples = samples
    }

    /// An image filled with one value per channel (`fill.count == colorModel.channelCount`).
    public init(width: Int, height: Int, colorModel: ColorModel, bitDepth: Int = 8, fill: [UInt16]) throws {
        precondition(fill.count == colorModel.channelCount, "one fill value per channel")
        var samples = [UInt16](repeating: 0, count: width * height * colorModel.channelCount)
        for index in samples.indices { samples[index] = fill[index % fill.count] }
        try self.init(width: width, height: height, colorModel: colorModel, bitDepth: bitDepth, samples: samples)
    }

    /// Internal initialiser for operations that already guarantee consistency.
    init(unchecked width: Int, _ height: Int, _ colorModel: ColorModel, _ bitDepth: Int, _ samples: [UInt16]) {
        self.width = width
        self.height = height
        self.colorModel = colorModel
        self.bitDepth = bitDepth
        self.samples = samples
    }

    /// Number of pixels.
    public var pixelCount: Int { width * height }

    /// The sample of `channel` at column `x`, row `y`.
    public subscript(x: Int, y: Int, channel: Int) -> UInt16 {
        get { samples[(y * width + x) * colorModel.channelCount + channel] }
        set { samples[(y * width + x) * colorModel.channelCount + channel] = newValue }
    }
}

/// Conversions between the 8-bit and 16-bit scales.
@usableFromInline
enum SampleScale {
    /// 8-bit value to the 16-bit scale (exact: `v * 257`).
    @inline(__always) static func widen(_ value: UInt8) -> UInt16 { UInt16(value) &* 257 }
    /// 16-bit value to the nearest 8-bit value.
    @inline(__always) static func narrow(_ value: UInt16) -> UInt8 { UInt8((UInt32(value) + 128) / 257) }
    /// A float on the 0...65535 scale, rounded and clamped.
    @usableFromInline @inline(__always) static func clamp(_ value: Float) -> UInt16 {
        value <= 0 ? 0 : value >= 65535 ? 65535 : UInt16(value + 0.5)
    }
}
