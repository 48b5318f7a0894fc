/// Memory a command holds while it works on one decoded image, beyond the image itself,
/// declared so that the memory budget (``DecodeLimits/maxMemory``) can count it before the
/// image is decoded: an image the work would not fit is refused from its header, in one
/// line, rather than exhausting memory halfway.
///
/// Every command may make one result the size of the decoded samples (2 bytes per sample):
/// the budget's default leaves room for it (see ``DecodeLimits/defaultMaxMemory``). A
/// working set counts only what a command holds beyond that, per pixel of the decoded
/// image; it depends on the image's colour model (a gray image colourised becomes RGB, three
/// times its size).
public struct WorkingSet: Sendable, Equatable {
    /// Bytes per pixel beyond one result of the decoded image's size, by colour model.
    public private(set) var extraBytesPerPixel: [ColorModel: Int]

    /// Nothing beyond one result the size of the image (streaming commands, and those that
    /// work at the model's size).
    public static let none = WorkingSet(extraBytesPerPixel: [:])

    /// The working set of a command that holds `held(model)` bytes per pixel of an image of
    /// that colour model, results included, besides the decoded image.
    public init(holding held: (ColorModel) -> Int) {
        var extra: [ColorModel: Int] = [:]
        for model in ColorModel.allCases {
            let beyond = held(model) - 2 * model.channelCount
            if beyond > 0 { extra[model] = beyond }
        }
        extraBytesPerPixel = extra
    }

    private init(extraBytesPerPixel: [ColorModel: Int]) { self.extraBytesPerPixel = extraBytesPerPixel }

    /// Bytes beyond one result for a `width × height` image of `colorModel` (saturating).
    public func bytes(width: Int, height: Int, colorModel: ColorModel) -> Int {
        let perPixel = extraBytesPerPixel[colorModel] ?? 0
        let pixels = width.multipliedReportingOverflow(by: height)
        let total = pixels.partialValue.multipliedReportingOverflow(by: perPixel)
        return pixels.overflow || total.overflow ? Int.max : total.partialValue
    }

    /// Whether it adds anything to decoding.
    public var isNone: Bool { extraBytesPerPixel.isEmpty }

    /// The larger of two working sets, colour model by colour model (a command whose options
    /// combine several kinds of work).
    public func union(_ other: WorkingSet) -> WorkingSet {
        WorkingSet(extraBytesPerPixel: extraBytesPerPixel.merging(other.extraBytesPerPixel, uniquingKeysWith: max))
    }
}
