/// Limits that keep hostile files (decompression bombs) from exhausting memory or time.
public struct DecodeLimits: Sendable, Equatable {
    /// Images whose header claims more than this many pixels are refused before any pixel buffer exists.
    public var maxPixels: Int
    /// Progressive JPEGs with more scans than this are refused (each scan costs a pass over the image).
    public var maxScans: Int

    /// 64 megapixels and 1000 scans.
    public static let `default` = DecodeLimits(maxPixels: 64 * 1024 * 1024, maxScans: 1000)

    public init(maxPixels: Int = DecodeLimits.default.maxPixels, maxScans: Int = DecodeLimits.default.maxScans) {
        self.maxPixels = maxPixels
        self.maxScans = maxScans
    }

    /// Checks a size read from a header.
    func check(width: Int, height: Int) throws {
        if width.multipliedReportingOverflow(by: height).overflow || width * height > maxPixels {
            throw ImageError.tooLarge(width: width, height: height, limit: maxPixels)
        }
    }
}
