/// The three binary Netpbm files `ign` writes.
public enum NetpbmVariant: String, Sendable, CaseIterable {
    /// P5, gray.
    case pgm
    /// P6, RGB.
    case ppm
    /// P7, any of gray, gray+alpha, RGB, RGBA.
    case pam

    /// PGM for gray, PPM for RGB, PAM when there is alpha.
    public init(for colorModel: ColorModel) {
        switch colorModel {
        case .gray: self = .pgm
        case .rgb: self = .ppm
        case .grayAlpha, .rgba: self = .pam
        }
    }

    /// The variant a file extension names (`pgm`, `ppm`, `pam`); `nil` for `pnm` and others.
    public init?(fileExtension: String) { self.init(rawValue: fileExtension.lowercased()) }

    public var fileExtension: String { rawValue }
}
