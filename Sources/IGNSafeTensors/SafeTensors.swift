import FoundationEssentials
import IGNLayers
#if canImport(Glibc)
import Glibc
#endif

/// A parsed, fully validated safetensors file (the format of Hugging Face's `safetensors`).
///
/// Layout: an 8-byte little-endian header length `N`, `N` bytes of UTF-8 JSON, then the data
/// section. The JSON maps each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}`
/// (offsets relative to the data section) and may hold `"__metadata__"`, a map of strings to
/// strings. Data is little-endian and row-major, and the tensors tile the data section exactly,
/// with no overlap and no hole, up to the end of the file.
///
/// `init` checks all of that before anything is used, so a corrupt, truncated or hostile file
/// gives a `SafeTensorsError` naming the problem and the tensor, never a crash.
public struct SafeTensors: Sendable {
    /// One tensor's header entry.
    public struct Entry: Equatable, Sendable {
        public let name: String
        public let dtype: SafeTensorsDType
        public let shape: [Int]
        /// Byte range within the data section.
        public let dataOffsets: Range<Int>

        /// Number of elements.
        public var count: Int { shape.reduce(1, *) }
    }

    /// The largest header accepted (the reference implementation's limit).
    public static let maximumHeaderLength = 100_000_000

    /// The `__metadata__` strings (empty when the file has none).
    public let metadata: [String: String]
    /// The tensors, in data order.
    public let entries: [Entry]
    private let index: [String: Int]
    private let bytes: Data
    private let dataStart: Int

    /// Parses and validates a whole file held in memory.
    public init(data: Data) throws {
        let bytes = data.startIndex == 0 ? data : Data(data)  // make indices 0-based
        let fileSize = bytes.count
        guard fileSize >= 8 else { throw SafeTensorsError.truncatedHeaderLength(fileSize: fileSize) }
        var length: UInt64 = 0
        for i in (0..<8).reversed() { length = length << 8 | UInt64(bytes[i]) }
        guard length <= UInt64(SafeTensors.maximumHeaderLength), Int(length) <= fileSize - 8 else {
            throw SafeTensorsError.headerLengthOutOfRange(length: length, fileSize: fileSize)
        }
        let headerLength = Int(length)
        let header = try SafeTensors.parseHeader(bytes.subdata(in: 8..<8 + headerLength))
        dataStart = 8 + headerLength
        let dataLength = fileSize - dataStart

        var entries: [Entry] = []
        entries.reserveCapacity(header.tensors.count)
        for (name, raw) in header.tensors {
            entries.append(try SafeTensors.validate(name: name, raw, dataLength: dataLength))
        }
        entries.sort { ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound, $0.name)
            < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound, $1.name) }
        var position = 0
        var previous: Entry?
        for entry in entries {
            if entry.dataOffsets.lowerBound < position, let previous {
                throw SafeTensorsError.overlappingTensors(previous.name, entry.name)
            }
            if entry.dataOffsets.lowerBound > position {
                throw SafeTensorsError.unclaimedData(offset: position,
                                                     length: entry.dataOffsets.lowerBound - position)
            }
            position = entry.dataOffsets.upperBound
            previous = entry
        }
        if position != dataLength {
            throw SafeTensorsError.unclaimedData(offset: position, length: dataLength - position)
        }
        self.metadata = header.metadata
        self.entries = entries
        self.index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.name, $0) })
        self.bytes = bytes
    }

    /// Reads, parses and validates a file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw SafeTensorsError.io(path: url.path, reason: SafeTensors.whyUnreadable(url.path))
        }
        try self.init(data: data)
    }

    /// The system's reason a path cannot be read ("No such file or directory", "Is a directory").
    static func whyUnreadable(_ path: String) -> String {
        var status = stat()
        if stat(path, &status) != 0 { return "no such file" }
        if status.st_mode & S_IFMT == S_IFDIR { return "is a directory" }
        let descriptor = open(path, O_RDONLY)
        if descriptor < 0 { return String(cString: strerror(errno)).lowercased() }
        close(descriptor)
        return "cannot read the file"
    }

    /// The tensor names, in data order.
    public var names: [String] { entries.map(\.name) }

    /// The header entry of `name`, if the file has it.
    public func entry(_ name: String) -> Entry? { index[name].map { entries[$0] } }

    /// The tensor `name` converted to `Float` (from F32, F16, BF16 or F64).
    public func tensor(_ name: String) throws -> Tensor {
        guard let entry = entry(name) else { throw SafeTensorsError.missingTensor(name) }
        let scalars = try [Float](unsafeUninitializedCapacity: entry.count) { buffer, initialized in
            try read(entry, into: buffer)
            initialized = entry.count
        }
        return Tensor(shape: entry.shape, scalars: scalars)
    }

    /// Converts the tensor of `entry` to `Float` into `target` (which holds `entry.count` values).
    public func read(_ entry: Entry, into target: UnsafeMutableBufferPointer<Float>) throws {
        guard entry.dtype.isReadable else {
            throw SafeTensorsError.unsupportedDType(tensor: entry.name, dtype: entry.dtype.rawValue)
        }
        precondition(target.count == entry.count, "target does not fit tensor '\(entry.name)'")
        let count = entry.count
        guard count > 0 else { return }
        let start = dataStart + entry.dataOffsets.lowerBound
        bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let source = raw.baseAddress! + start
            let out = target.baseAddress!
            switch entry.dtype {
            case .f32:
                for i in 0..<count {
                    out[i] = Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            case .f16:
                for i in 0..<count {
                    out[i] = HalfPrecision.float(fromHalf: UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                }
            case .bf16:
                for i in 0..<count {
                    out[i] = HalfPrecision.float(fromBFloat16: UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                }
            case .f64:
                for i in 0..<count {
                    out[i] = Float(Double(bitPattern: UInt64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
                }
            default:
                preconditionFailure("unreachable: \(entry.dtype) is not readable")
            }
        }
    }

    /// The raw little-endian bytes of a tensor (any dtype).
    public func rawBytes(_ name: String) throws -> Data {
        guard let entry = entry(name) else { throw SafeTensorsError.missingTensor(name) }
        return bytes.subdata(in: dataStart + entry.dataOffsets.lowerBound..<dataStart + entry.dataOffsets.upperBound)
    }
}

// MARK: - Header parsing

extension SafeTensors {
    struct RawEntry {
        let dtype: String
        let shape: [Int]
        let data_offsets: [Int]
    }

    struct Header {
        var metadata: [String: String] = [:]
        var tensors: [(String, RawEntry)] = []
    }

    static func parseHeader(_ json: Data) throws -> Header {
        guard json.first == UInt8(ascii: "{") else {
            throw SafeTensorsError.malformedHeader("does not start with '{'")
        }
        guard String(data: json, encoding: .utf8) != nil else {
            throw SafeTensorsError.malformedHeader("not UTF-8")
        }
        let members: [String: JSONValue]
        do {
            guard let object = try JSONValue(parsingBytes: json).object else {
                throw SafeTensorsError.malformedHeader("not a JSON object")
            }
            members = object
        } catch let error as JSONValue.SyntaxError {
            throw SafeTensorsError.malformedHeader("not a JSON object (\(error))")
        }
        var header = Header()
        for (key, value) in members.sorted(by: { $0.key < $1.key }) {   // the same tensor named first, every run
            if key == "__metadata__" {
                guard let object = value.object else {
                    throw SafeTensorsError.malformedMetadata("expected an object of strings")
                }
                header.metadata = try object.mapValues { value in
                    guard let text = value.string else { throw SafeTensorsError.malformedMetadata("expected an object of strings") }
                    return text
                }
            } else {
                header.tensors.append((key, try rawEntry(value, name: key)))
            }
        }
        return header
    }

    /// A tensor's header entry: `{"dtype": string, "shape": [int], "data_offsets": [int, int]}`
    /// (its values are checked by `validate`).
    private static func rawEntry(_ value: JSONValue, name: String) throws -> RawEntry {
        func refuse(_ detail: String) -> SafeTensorsError {
            .malformedEntry(tensor: name,
                            reason: #"expected {"dtype": string, "shape": [int], "data_offsets": [int, int]} ("# + detail + ")")
        }
        guard value.object != nil else { throw refuse("not an object") }
        func integers(_ key: String) throws -> [Int] {
            guard let member = value[key] else { throw refuse("no \"\(key)\"") }
            guard let elements = member.array else { throw refuse("\(key): not an array") }
            return try elements.map { element in
                guard let integer = element.integer else { throw refuse("\(key): not a list of integers") }
                return integer
            }
        }
        guard let dtypeValue = value["dtype"] else { throw refuse("no \"dtype\"") }
        guard let dtype = dtypeValue.string else { throw refuse("dtype: not a string") }
        return RawEntry(dtype: dtype, shape: try integers("shape"), data_offsets: try integers("data_offsets"))
    }

    static func validate(name: String, _ raw: RawEntry, dataLength: Int) throws -> Entry {
        guard let dtype = SafeTensorsDType(rawValue: raw.dtype) else {
            throw SafeTensorsError.unknownDType(tensor: name, dtype: raw.dtype)
        }
        guard raw.shape.allSatisfy({ $0 >= 0 }) else {
            throw SafeTensorsError.malformedEntry(tensor: name, reason: "negative dimension in shape \(raw.shape)")
        }
        var bytes = dtype.size
        for dimension in raw.shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                throw SafeTensorsError.malformedEntry(tensor: name, reason: "shape \(raw.shape) is too large")
            }
            bytes = product
        }
        guard raw.data_offsets.count == 2 else {
            throw SafeTensorsError.malformedEntry(tensor: name, reason: "data_offsets must hold two numbers")
        }
        let begin = raw.data_offsets[0], end = raw.data_offsets[1]
        guard begin >= 0, begin <= end else {
            throw SafeTensorsError.malformedEntry(tensor: name, reason: "data_offsets [\(begin), \(end)] are not an increasing pair")
        }
        guard end <= dataLength else {
            throw SafeTensorsError.offsetsOutOfRange(tensor: name, end: end, dataLength: dataLength)
        }
        guard end - begin == bytes else {
            throw SafeTensorsError.sizeMismatch(tensor: name, expectedBytes: bytes, actualBytes: end - begin)
        }
        return Entry(name: name, dtype: dtype, shape: raw.shape, dataOffsets: begin..<end)
    }
}
