import FoundationEssentials

/// Errors reading IDX files.
public enum IDXError: Error, Equatable, CustomStringConvertible {
    case notIDX(String)
    case unsupportedType(UInt8)
    case truncated(expected: Int, got: Int)

    public var description: String {
        switch self {
        case .notIDX(let why): return "not an IDX file (\(why))"
        case .unsupportedType(let code): return "unsupported IDX element type 0x\(String(code, radix: 16)) (only unsigned bytes)"
        case let .truncated(expected, got): return "IDX data truncated: expected \(expected) bytes, found \(got)"
        }
    }
}

/// An IDX file of unsigned bytes (the MNIST / Fashion-MNIST format), gzipped or not:
/// magic 00 00 08 NDIM, then NDIM big-endian 32-bit sizes, then the bytes.
public struct IDXFile: Sendable {
    /// The dimensions, outermost first (images: count, rows, columns).
    public let shape: [Int]
    /// The values, row-major.
    public let bytes: [UInt8]

    /// Reads and validates a file (decompressing it when it starts with the gzip magic).
    public init(contentsOf url: URL) throws {
        var data = try Data(contentsOf: url)
        if Gzip.isCompressed(data) { data = try Gzip.decompress(data) }
        try self.init(data: data)
    }

    public init(data: Data) throws {
        let bytes = [UInt8](data)
        guard bytes.count >= 4 else { throw IDXError.notIDX("shorter than its header") }
        guard bytes[0] == 0, bytes[1] == 0 else { throw IDXError.notIDX("bad magic number") }
        guard bytes[2] == 0x08 else { throw IDXError.unsupportedType(bytes[2]) }
        let dimensions = Int(bytes[3])
        guard (1...4).contains(dimensions), bytes.count >= 4 + 4 * dimensions else {
            throw IDXError.notIDX("bad dimension count \(dimensions)")
        }
        var shape: [Int] = []
        for d in 0..<dimensions {
            let o = 4 + 4 * d
            shape.append(Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]))
        }
        let header = 4 + 4 * dimensions
        guard shape.allSatisfy({ $0 > 0 && $0 < 1 << 24 }) else { throw IDXError.notIDX("bad dimensions \(shape)") }
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product <= 1 << 34 else { throw IDXError.notIDX("dimensions \(shape) are too large") }
            count = product
        }
        guard bytes.count - header == count else {
            throw IDXError.truncated(expected: count, got: bytes.count - header)
        }
        self.shape = shape
        self.bytes = Array(bytes[header...])
    }
}
