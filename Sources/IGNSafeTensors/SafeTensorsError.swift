/// Why a safetensors file could not be read or written. Every case names the offending
/// tensor (or header part) so that a corrupt file is reported, never crashed on.
public enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read or written.
    case io(path: String, reason: String)
    /// Fewer than the 8 bytes that hold the header length.
    case truncatedHeaderLength(fileSize: Int)
    /// The header length points past the end of the file, or beyond the format's limit.
    case headerLengthOutOfRange(length: UInt64, fileSize: Int)
    /// The header is not a JSON object of the expected shape.
    case malformedHeader(String)
    /// `__metadata__` is not an object of strings.
    case malformedMetadata(String)
    /// A tensor's entry lacks a field or has one of the wrong type or range.
    case malformedEntry(tensor: String, reason: String)
    /// A dtype name that the format does not define.
    case unknownDType(tensor: String, dtype: String)
    /// The byte range does not match the shape times the dtype's size.
    case sizeMismatch(tensor: String, expectedBytes: Int, actualBytes: Int)
    /// The byte range ends beyond the data section.
    case offsetsOutOfRange(tensor: String, end: Int, dataLength: Int)
    /// Two tensors' byte ranges overlap.
    case overlappingTensors(String, String)
    /// Bytes in the data section that belong to no tensor (a hole, or trailing data).
    case unclaimedData(offset: Int, length: Int)
    /// No tensor of that name in the file.
    case missingTensor(String)
    /// The tensor's dtype cannot be converted to `Float` (an integer or 8-bit float type).
    case unsupportedDType(tensor: String, dtype: String)
    /// Writing: the same name twice, or the reserved name `__metadata__`.
    case invalidName(String)

    public var description: String {
        switch self {
        case let .io(path, reason): return "\(path): \(reason)"
        case let .truncatedHeaderLength(size):
            return "file is \(size) bytes, too short to hold the 8-byte header length"
        case let .headerLengthOutOfRange(length, size):
            return "header length \(length) does not fit a file of \(size) bytes"
        case let .malformedHeader(reason): return "malformed header: \(reason)"
        case let .malformedMetadata(reason): return "malformed __metadata__: \(reason)"
        case let .malformedEntry(tensor, reason): return "tensor '\(tensor)': \(reason)"
        case let .unknownDType(tensor, dtype): return "tensor '\(tensor)': unknown dtype '\(dtype)'"
        case let .sizeMismatch(tensor, expected, actual):
            return "tensor '\(tensor)': its shape and dtype need \(expected) bytes, its offsets span \(actual)"
        case let .offsetsOutOfRange(tensor, end, length):
            return "tensor '\(tensor)': data ends at byte \(end), past the \(length)-byte data section (file truncated?)"
        case let .overlappingTensors(a, b): return "tensors '\(a)' and '\(b)' overlap"
        case let .unclaimedData(offset, length):
            return "\(length) bytes at data offset \(offset) belong to no tensor"
        case let .missingTensor(name): return "no tensor named '\(name)'"
        case let .unsupportedDType(tensor, dtype):
            return "tensor '\(tensor)': dtype \(dtype) is not a floating-point type this engine reads (F32, F16, BF16, F64)"
        case let .invalidName(name): return "cannot write a tensor named '\(name)' (duplicate or reserved)"
        }
    }
}
