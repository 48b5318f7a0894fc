/// What a file's header says about the image in it.
public struct ImageInfo: Sendable, Equatable {
    /// The format sniffed from the data.
    public var format: ImageFormat
    public var width: Int
    public var height: Int
    /// Channels the decoded image has (palette PNGs decode to RGB/RGBA, CMYK JPEGs to RGB).
    public var colorModel: ColorModel
    /// Bits per sample as stored in the file (1, 2, 4, 8 or 16).
    public var bitDepth: Int
    /// PNG Adam7 interlacing or JPEG progressive mode.
    public var interlaced: Bool
    /// A short description of how the file stores colour, e.g. `palette`, `YCbCr`, `CMYK`, `PAM RGB_ALPHA`.
    public var storage: String

    /// Whether the image has an alpha channel.
    public var hasAlpha: Bool { colorModel.hasAlpha }

    public init(format: ImageFormat, width: Int, height: Int, colorModel: ColorModel, bitDepth: Int,
                interlaced: Bool, storage: String) {
        self.format = format
        self.width = width
        self.height = height
        self.colorModel = colorModel
        self.bitDepth = bitDepth
        self.interlaced = interlaced
        self.storage = storage
    }
}
