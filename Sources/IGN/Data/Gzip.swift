import CZlib
import FoundationEssentials

/// Errors reading compressed data.
public enum GzipError: Error, Equatable, CustomStringConvertible {
    case corrupt(String)
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .corrupt(let why): return "corrupt gzip data (\(why))"
        case .tooLarge(let limit): return "gzip data expands beyond \(limit) bytes"
        }
    }
}

/// Gzip (and zlib) decompression through the system's zlib.
public enum Gzip {
    /// True when `data` starts with the gzip magic bytes 1f 8b.
    public static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// Decompresses a whole gzip stream, refusing output larger than `limit` bytes.
    public static func decompress(_ data: Data, limit: Int = 1 << 31) throws -> Data {
        var stream = z_stream()
        // 15 + 32: accept gzip or zlib headers.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GzipError.corrupt("zlib initialisation failed")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunk = 1 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        return try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> Data in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            while true {
                let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(chunk)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk - Int(stream.avail_out)
                output.append(contentsOf: buffer[0..<produced])
                if output.count > limit { throw GzipError.tooLarge(limit: limit) }
                switch status {
                case Z_STREAM_END: return output
                case Z_OK: if produced == 0 && stream.avail_in == 0 { throw GzipError.corrupt("truncated") }
                case Z_BUF_ERROR: if stream.avail_in == 0 { throw GzipError.corrupt("truncated") }
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw GzipError.corrupt(message)
                }
            }
        }
    }
}
