/// Limits that keep hostile files (decompression bombs) from exhausting memory or time.
///
/// Every limit is checked from the header, before any pixel buffer exists, except the
/// scan limit, which counts progressive-JPEG scans as they arrive.
public struct DecodeLimits: Sendable, Equatable {
    /// Images whose header claims more than this many pixels are refused before any pixel buffer exists.
    public var maxPixels: Int
    /// JPEGs with more scans than this are refused: each scan costs a pass over the image's
    /// blocks (about 4 ms per 750,000 blocks here), and valid files with thousands exist.
    /// Encoders write 1 (baseline) to about 10 (libjpeg's progressive script; mozjpeg ~20).
    public var maxScans: Int
    /// Bytes one image may take while it is decoded: the file's bytes, the decoded samples
    /// (2 bytes each, see ``Image``), a second copy when an EXIF orientation turns it, and the
    /// decoder's own working memory (libpng's rows, libjpeg's coefficient buffers); an image
    /// that would need more is refused from its header.
    public var maxMemory: Int
    /// What the command holds while working on the image, beyond the image and one result
    /// of its size; counted against ``maxMemory`` with the decoding.
    public var workingSet: WorkingSet

    /// The default budget: 192 MiB. What a command does after decoding takes up to about
    /// twice the decoded image again (a converted copy, a result the same size, an encoded
    /// file), so this keeps the peak of any one-image command under ~512 MiB; a command that
    /// holds more declares it (``WorkingSet``) and it is counted here
    /// (RELIABILITY.md has the measurements). The largest images it admits: 8000×8000 gray
    /// (128 MB of samples), about 5600×5600 RGB or 4800×4800 RGBA.
    public static let defaultMaxMemory = 192 << 20

    /// 64 megapixels, 100 scans, 192 MiB.
    public static let `default` = DecodeLimits(maxPixels: 64 * 1024 * 1024, maxScans: 100,
                                               maxMemory: DecodeLimits.defaultMaxMemory)

    public init(maxPixels: Int = DecodeLimits.default.maxPixels, maxScans: Int = DecodeLimits.default.maxScans,
                maxMemory: Int = DecodeLimits.defaultMaxMemory, workingSet: WorkingSet = .none) {
        self.maxPixels = maxPixels
        self.maxScans = maxScans
        self.maxMemory = maxMemory
        self.workingSet = workingSet
    }

    /// Checks a size read from a header.
    func check(width: Int, height: Int) throws {
        if width.multipliedReportingOverflow(by: height).overflow || width * height > maxPixels {
            throw ImageError.tooLarge(width: width, height: height, limit: maxPixels)
        }
    }

    /// Checks what decoding an image of this header, and the working set, would take
    /// against ``maxMemory``; returns that many bytes.
    @discardableResult
    func check(_ cost: DecodeCost) throws -> Int {
        let working = workingSet.bytes(width: cost.width, height: cost.height, colorModel: cost.colorModel)
        let sum = cost.bytes.addingReportingOverflow(working)
        let needed = sum.overflow ? Int.max : sum.partialValue
        if needed > maxMemory {
            throw ImageError.overMemoryBudget(width: cost.width, height: cost.height, colorModel: cost.colorModel,
                                              needed: needed, budget: maxMemory, working: working > 0)
        }
        return needed
    }
}

/// What decoding one image takes, from its header.
struct DecodeCost: Equatable {
    var width: Int
    var height: Int
    var colorModel: ColorModel
    /// The file's bytes, the samples (and their oriented copy), the decoder's working memory.
    var bytes: Int

    init(width: Int, height: Int, colorModel: ColorModel, fileBytes: Int, workingBytes: Int, copies: Int = 1) {
        self.width = width
        self.height = height
        self.colorModel = colorModel
        // Sizes come from headers already checked against the pixel limit (< 2^32 pixels), so
        // these products cannot overflow an Int; saturate anyway.
        let samples = width.multipliedReportingOverflow(by: height * colorModel.channelCount * 2 * copies)
        let total = samples.partialValue.addingReportingOverflow(fileBytes + workingBytes)
        bytes = samples.overflow || total.overflow ? Int.max : total.partialValue
    }
}
