/// Which channels an ``Image`` holds, in their interleaved order.
public enum ColorModel: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// One luminance channel.
    case gray = 1
    /// Luminance, then alpha.
    case grayAlpha = 2
    /// Red, green, blue.
    case rgb = 3
    /// Red, green, blue, then alpha.
    case rgba = 4

    /// Samples per pixel.
    public var channelCount: Int { rawValue }

    /// Whether the last channel is (straight, not premultiplied) alpha.
    public var hasAlpha: Bool { self == .grayAlpha || self == .rgba }

    /// Whether the colour channels are red, green and blue (rather than one gray channel).
    public var isColor: Bool { self == .rgb || self == .rgba }

    /// Number of colour channels, alpha excluded.
    public var colorChannelCount: Int { isColor ? 3 : 1 }

    /// The same colour channels with alpha added or removed.
    public func withAlpha(_ alpha: Bool) -> ColorModel {
        switch (isColor, alpha) {
        case (false, false): return .gray
        case (false, true): return .grayAlpha
        case (true, false): return .rgb
        case (true, true): return .rgba
        }
    }

    /// The model with `channelCount` channels, if 1...4.
    public init?(channelCount: Int) { self.init(rawValue: channelCount) }

    public var description: String {
        switch self {
        case .gray: return "gray"
        case .grayAlpha: return "gray+alpha"
        case .rgb: return "rgb"
        case .rgba: return "rgba"
        }
    }
}
