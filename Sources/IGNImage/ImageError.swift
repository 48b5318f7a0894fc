/// A one-line, human-readable description of what went wrong; every error `ign` shows a user
/// conforms, so the command line can print `ign: FILE: MESSAGE` for any of them.
public protocol HumanReadableError: Error, CustomStringConvertible {
    /// One line, no trailing period, no file name (the caller adds it).
    var message: String { get }
}

extension HumanReadableError {
    public var description: String { message }
}

/// Why an image could not be read, converted or written.
public enum ImageError: HumanReadableError, Equatable {
    /// The input holds no bytes at all.
    case empty
    /// The first bytes match no supported format.
    case unknownFormat
    /// The data claims to be `format` but is malformed or truncated.
    case corrupt(ImageFormat, String)
    /// The header claims more pixels than the limit allows; refused before allocating.
    case tooLarge(width: Int, height: Int, limit: Int)
    /// Valid data this codec does not handle.
    case unsupported(String)
    /// An allocation failed.
    case outOfMemory
    /// A caller passed a value the operation cannot use.
    case invalidArgument(String)

    public var message: String {
        switch self {
        case .empty: return "empty input (no bytes)"
        case .unknownFormat: return "not a PNG, JPEG or Netpbm (P5/P6/P7) image"
        case .corrupt(let format, let detail): return "corrupt \(format.displayName) data: \(detail)"
        case .tooLarge(let width, let height, let limit):
            return "image is \(width)x\(height) (\(width * height) pixels), over the limit of \(limit) pixels (see --max-pixels)"
        case .unsupported(let detail): return "unsupported image: \(detail)"
        case .outOfMemory: return "out of memory"
        case .invalidArgument(let detail): return detail
        }
    }
}
