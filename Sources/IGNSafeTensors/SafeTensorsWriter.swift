import FoundationEssentials
import IGNFiles
import IGNLayers

extension SafeTensors {
    /// Encodes tensors as a safetensors file: header entries in the given order, data in the
    /// same order, every tensor converted to `dtype` (F32, F16 or BF16), the JSON header padded
    /// with spaces to a multiple of 8 bytes (so that data is aligned), `metadata` stored as
    /// `__metadata__` (omitted when empty).
    public static func encode(_ tensors: [(name: String, tensor: Tensor)],
                              metadata: [String: String] = [:],
                              dtype: SafeTensorsDType = .f32) throws -> Data {
        precondition(dtype.isWritable, "cannot write \(dtype.rawValue) tensors")
        var seen = Set<String>()
        for (name, _) in tensors where name == "__metadata__" || !seen.insert(name).inserted {
            throw SafeTensorsError.invalidName(name)
        }
        var header: [String: HeaderValue] = [:]
        var offset = 0
        for (name, tensor) in tensors {
            let size = tensor.count * dtype.size
            header[name] = .entry(dtype: dtype.rawValue, shape: tensor.shape, offsets: [offset, offset + size])
            offset += size
        }
        if !metadata.isEmpty { header["__metadata__"] = .metadata(metadata) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var json = try encoder.encode(header)
        json.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8))

        var file = Data(capacity: 8 + json.count + offset)
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        file.append(json)
        for (_, tensor) in tensors {
            tensor.scalars.withUnsafeBufferPointer { values in
                switch dtype {
                case .f32:
                    #if _endian(little)
                    file.append(UnsafeBufferPointer(start: values.baseAddress, count: values.count))   // no copy first
                    #else
                    var words = values.map { $0.bitPattern.littleEndian }
                    words.withUnsafeMutableBytes { file.append(contentsOf: $0) }
                    #endif
                case .f16:
                    var halves = values.map { HalfPrecision.half(from: $0).littleEndian }
                    halves.withUnsafeMutableBytes { file.append(contentsOf: $0) }
                case .bf16:
                    var halves = values.map { HalfPrecision.bfloat16(from: $0).littleEndian }
                    halves.withUnsafeMutableBytes { file.append(contentsOf: $0) }
                default:
                    preconditionFailure("unreachable")
                }
            }
        }
        return file
    }

    /// Writes `encode(tensors, metadata:, dtype:)` to `url` atomically (a temporary file,
    /// flushed, renamed over the destination), so that a failed write never leaves a damaged
    /// file behind.
    public static func write(_ tensors: [(name: String, tensor: Tensor)],
                             metadata: [String: String] = [:],
                             dtype: SafeTensorsDType = .f32, to url: URL) throws {
        let data = try encode(tensors, metadata: metadata, dtype: dtype)
        do {
            try AtomicFileWriter.write(data, to: url.path)
        } catch let error as FileWriteError {
            throw SafeTensorsError.io(path: url.path, reason: error.description)
        }
    }

    private enum HeaderValue: Encodable {
        case entry(dtype: String, shape: [Int], offsets: [Int])
        case metadata([String: String])

        private enum Key: String, CodingKey { case dtype, shape, data_offsets }

        func encode(to encoder: Encoder) throws {
            switch self {
            case let .entry(dtype, shape, offsets):
                var c = encoder.container(keyedBy: Key.self)
                try c.encode(dtype, forKey: .dtype)
                try c.encode(shape, forKey: .shape)
                try c.encode(offsets, forKey: .data_offsets)
            case .metadata(let strings):
                var c = encoder.singleValueContainer()
                try c.encode(strings)
            }
        }
    }
}
