/// An image together with what its file said about it.
public struct DecodedImage: Sendable {
    public var image: Image
    public var info: ImageInfo
}

extension Image {
    /// Decodes PNG, JPEG or binary Netpbm data; the format is sniffed from the first bytes.
    ///
    /// JPEG EXIF orientation is applied, so the image comes out upright.
    /// - Throws: ``ImageError`` for empty, unknown, corrupt, too large or unsupported data.
    public static func decode(_ bytes: [UInt8], limits: DecodeLimits = .default) throws -> DecodedImage {
        switch try sniffFormat(bytes) {
        case .png: return try PNGCodec.decode(bytes, limits: limits)
        case .jpeg: return try JPEGCodec.decode(bytes, limits: limits)
        case .pnm: return try NetpbmCodec.decode(bytes, limits: limits)
        }
    }

    /// The bytes decoding this file would take, and the working set of `limits`, estimated
    /// from the header alone: what the memory budget is checked against. Throws the
    /// refusal `decode` would throw for a header over the limits.
    public static func memoryNeeded(_ bytes: [UInt8], limits: DecodeLimits = .default) throws -> Int {
        switch try sniffFormat(bytes) {
        case .png: return try PNGCodec.memoryNeeded(bytes, limits: limits)
        case .jpeg: return try JPEGCodec.memoryNeeded(bytes, limits: limits)
        case .pnm: return try NetpbmCodec.memoryNeeded(bytes, limits: limits)
        }
    }

    /// Reads only the header: format, size, channels and depth, without decoding pixels.
    public static func info(_ bytes: [UInt8], limits: DecodeLimits = .default) throws -> ImageInfo {
        switch try sniffFormat(bytes) {
        case .png: return try PNGCodec.info(bytes, limits: limits)
        case .jpeg: return try JPEGCodec.info(bytes, limits: limits)
        case .pnm: return try NetpbmCodec.info(bytes, limits: limits)
        }
    }

    private static func sniffFormat(_ bytes: [UInt8]) throws -> ImageFormat {
        if bytes.isEmpty { throw ImageError.empty }
        guard let format = ImageFormat.sniff(bytes) else { throw ImageError.unknownFormat }
        return format
    }
}
