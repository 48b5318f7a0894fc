/// The file formats `ign` reads and writes.
public enum ImageFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    case png
    case jpeg
    /// Binary Netpbm: PGM (P5), PPM (P6) and PAM (P7).
    case pnm

    /// Recognises a format from the first bytes of the data, never from a file name.
    public static func sniff<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> ImageFormat? {
        let head = Array(bytes.prefix(8))
        if head.count >= 8, head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
        if head.count >= 2, head[0] == UInt8(ascii: "P"), (UInt8(ascii: "1")...UInt8(ascii: "7")).contains(head[1]) {
            return .pnm
        }
        return nil
    }

    /// The format a file name's extension asks for (`.png`, `.jpg`/`.jpeg`, `.pgm`/`.ppm`/`.pam`/`.pnm`).
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "png": self = .png
        case "jpg", "jpeg", "jpe", "jfif": self = .jpeg
        case "pnm", "pgm", "ppm", "pam": self = .pnm
        default: return nil
        }
    }

    /// Parses a user's `--format` value (`png`, `jpeg`/`jpg`, `pnm`/`pgm`/`ppm`/`pam`).
    public init?(name: String) { self.init(fileExtension: name) }

    /// Conventional extension for a file of this format holding `colorModel`.
    public func fileExtension(for colorModel: ColorModel? = nil) -> String {
        switch self {
        case .png: return "png"
        case .jpeg: return "jpg"
        case .pnm:
            guard let colorModel else { return "pnm" }
            return NetpbmVariant(for: colorModel).fileExtension
        }
    }

    /// Name shown to users.
    public var displayName: String {
        switch self {
        case .png: return "PNG"
        case .jpeg: return "JPEG"
        case .pnm: return "Netpbm"
        }
    }

    public var description: String { rawValue }
}
