/// Why an image could not be read, converted or written.
/// Like every error of ign's libraries, it describes itself in one human line
/// (`description`: no trailing period, no file name — the caller adds it).
public enum ImageError: Error, Equatable, CustomStringConvertible {
    /// The input holds no bytes at all.
    case empty
    /// The first bytes match no supported format.
    case unknownFormat
    /// The data claims to be `format` but is malformed or truncated.
    case corrupt(ImageFormat, String)
    /// The header claims more pixels than the limit allows; refused before allocating.
    case tooLarge(width: Int, height: Int, limit: Int)
    /// Decoding (and, when `working`, the command's working set) would need more memory than
    /// the budget allows; refused before allocating.
    case overMemoryBudget(width: Int, height: Int, colorModel: ColorModel, needed: Int, budget: Int, working: Bool = false)
    /// A progressive JPEG with more scans than the limit (each costs a pass over the image).
    case tooManyScans(limit: Int)
    /// Valid data this codec does not handle.
    case unsupported(String)
    /// An allocation failed.
    case outOfMemory
    /// A caller passed a value the operation cannot use.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .empty: return "empty input (no bytes)"
        case .unknownFormat: return "not a PNG, JPEG or Netpbm (P5/P6/P7) image"
        case .corrupt(let format, let detail): return "corrupt \(format.displayName) data: \(detail)"
        case .tooLarge(let width, let height, let limit):
            return "image is \(width)x\(height) (\(width * height) pixels), over the limit of \(limit) pixels (see --max-pixels)"
        case let .overMemoryBudget(width, height, colorModel, needed, budget, working):
            return "image is \(width)x\(height) \(colorModel): \(working ? "decoding and working on it need" : "decoding it needs") "
                + "\(ImageError.mebibytes(needed)), "
                + "over the memory budget of \(ImageError.mebibytes(budget)) (see --max-memory)"
        case .tooManyScans(let limit):
            return "JPEG has more than \(limit) scans, the limit (a hostile or damaged file)"
        case .unsupported(let detail): return "unsupported image: \(detail)"
        case .outOfMemory: return "out of memory"
        case .invalidArgument(let detail): return detail
        }
    }

    /// Bytes as "516 MiB" (rounded up, so a refusal never names the budget itself).
    static func mebibytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\((bytes + (1 << 20) - 1) >> 20) MiB" : "\((bytes + 1023) >> 10) KiB"
    }
}
