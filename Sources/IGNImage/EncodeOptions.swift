/// How ``Image/encoded(_:)`` writes an image.
public struct EncodeOptions: Sendable, Equatable {
    /// The file format to write.
    public var format: ImageFormat
    /// Bits per sample for PNG and Netpbm: 8 (default) or 16. JPEG is always 8.
    public var bitDepth: Int
    /// JPEG quality, 1...100.
    public var quality: Int
    /// Colour that alpha is flattened onto when the format has no alpha (JPEG, PGM/PPM).
    public var background: RGBColor
    /// Which Netpbm file to write; `nil` picks PGM for gray, PPM for RGB, PAM with alpha.
    /// PGM and PPM cannot hold alpha: it is flattened onto ``background``, and colour converted.
    public var netpbmVariant: NetpbmVariant?

    public init(format: ImageFormat, bitDepth: Int = 8, quality: Int = 90, background: RGBColor = .white,
                netpbmVariant: NetpbmVariant? = nil) {
        self.format = format
        self.bitDepth = bitDepth
        self.quality = quality
        self.background = background
        self.netpbmVariant = netpbmVariant
    }
}

extension Image {
    /// Encodes the image in `options.format`.
    ///
    /// JPEG cannot hold alpha, so alpha is flattened onto `options.background` first.
    public func encoded(_ options: EncodeOptions) throws -> [UInt8] {
        guard options.bitDepth == 8 || options.bitDepth == 16 else {
            throw ImageError.invalidArgument("bit depth must be 8 or 16, not \(options.bitDepth)")
        }
        guard (1...100).contains(options.quality) else {
            throw ImageError.invalidArgument("JPEG quality must be 1...100, not \(options.quality)")
        }
        switch options.format {
        case .png: return try PNGCodec.encode(self, bitDepth: options.bitDepth)
        case .jpeg: return try JPEGCodec.encode(flattened(onto: options.background), quality: options.quality)
        case .pnm:
            let variant = options.netpbmVariant ?? NetpbmVariant(for: colorModel)
            let image: Image
            switch variant {
            case .pgm: image = converted(to: .gray, background: options.background)
            case .ppm: image = converted(to: .rgb, background: options.background)
            case .pam: image = self
            }
            return NetpbmCodec.encode(image, bitDepth: options.bitDepth, variant: variant)
        }
    }
}
