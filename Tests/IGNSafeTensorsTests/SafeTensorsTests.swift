import Foundation
import IGNLayers
@testable import IGNSafeTensors
import XCTest

/// The safetensors reader and writer: round trips, and corrupt, truncated or hostile files,
/// which must fail with an error naming the problem, never crash.
final class SafeTensorsTests: XCTestCase {
    /// A file from a raw header (padded to 8 bytes) and data section.
    private func file(header: String, data: [UInt8] = [], headerLength: UInt64? = nil) -> Data {
        var json = Array(header.utf8)
        json += [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8)
        var bytes = Data()
        var length = (headerLength ?? UInt64(json.count)).littleEndian
        withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json)
        bytes.append(contentsOf: data)
        return bytes
    }

    private func assertThrows(_ data: Data, _ expected: SafeTensorsError,
                              file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try SafeTensors(data: data), file: file, line: line) { error in
            XCTAssertEqual(error as? SafeTensorsError, expected, file: file, line: line)
            XCTAssertFalse("\(error)".isEmpty)
        }
    }

    private let sample: [(name: String, tensor: Tensor)] = [
        ("a.weight", Tensor(shape: [2, 3], scalars: [1, -2, 3.5, 0.25, -0.125, 1e-3])),
        ("b", Tensor(shape: [4], scalars: [7, 8, 9, 10])),
        ("empty", Tensor(shape: [0, 3])),
        ("scalar", Tensor(shape: [], scalars: [42])),
    ]

    func testF32RoundTripIsExact() throws {
        let data = try SafeTensors.encode(sample, metadata: ["k": "v \"quoted\" / ü"])
        let parsed = try SafeTensors(data: data)
        XCTAssertEqual(parsed.metadata, ["k": "v \"quoted\" / ü"])
        XCTAssertEqual(Set(parsed.names), Set(sample.map(\.name)))
        for (name, tensor) in sample { XCTAssertEqual(try parsed.tensor(name), tensor) }
        XCTAssertEqual(parsed.entry("b")?.dtype, .f32)
        let headerLength = data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        XCTAssertEqual(headerLength % 8, 0, "data section is 8-byte aligned")
    }

    func testHalfPrecisionRoundTrips() throws {
        for dtype in [SafeTensorsDType.f16, .bf16] {
            let parsed = try SafeTensors(data: SafeTensors.encode(sample, dtype: dtype))
            XCTAssertEqual(parsed.entry("a.weight")?.dtype, dtype)
            // These values are exact in both formats.
            XCTAssertEqual(try parsed.tensor("a.weight").scalars[0..<5], sample[0].tensor.scalars[0..<5])
            XCTAssertEqual(try parsed.tensor("a.weight").scalars[5], 1e-3, accuracy: dtype == .f16 ? 1e-6 : 1e-5)
            XCTAssertEqual(try parsed.tensor("b"), sample[1].tensor)
            XCTAssertEqual(try parsed.tensor("empty").shape, [0, 3])
        }
    }

    func testReadsHandWrittenF16BF16AndF64() throws {
        // 1.5 as F16 = 0x3E00, as BF16 = 0x3FC0; -2 as F64.
        let data = file(header: #"{"h":{"dtype":"F16","shape":[1],"data_offsets":[0,2]},"#
                        + #""b":{"dtype":"BF16","shape":[1],"data_offsets":[2,4]},"#
                        + #""d":{"dtype":"F64","shape":[1],"data_offsets":[4,12]}}"#,
                        data: [0x00, 0x3E, 0xC0, 0x3F] + [0, 0, 0, 0, 0, 0, 0, 0xC0])
        let parsed = try SafeTensors(data: data)
        XCTAssertEqual(try parsed.tensor("h").scalars, [1.5])
        XCTAssertEqual(try parsed.tensor("b").scalars, [1.5])
        XCTAssertEqual(try parsed.tensor("d").scalars, [-2])
        XCTAssertEqual(parsed.metadata, [:])
    }

    func testIntegerTensorsParseButDoNotConvert() throws {
        let data = file(header: #"{"n":{"dtype":"I64","shape":[],"data_offsets":[0,8]}}"#, data: [UInt8](repeating: 0, count: 8))
        let parsed = try SafeTensors(data: data)
        XCTAssertThrowsError(try parsed.tensor("n")) {
            XCTAssertEqual($0 as? SafeTensorsError, .unsupportedDType(tensor: "n", dtype: "I64"))
        }
        XCTAssertThrowsError(try parsed.tensor("zz")) {
            XCTAssertEqual($0 as? SafeTensorsError, .missingTensor("zz"))
        }
    }

    func testRejectsBadHeaderLengths() {
        assertThrows(Data(), .truncatedHeaderLength(fileSize: 0))
        assertThrows(Data([1, 0, 0]), .truncatedHeaderLength(fileSize: 3))
        assertThrows(file(header: "{}", headerLength: UInt64.max), .headerLengthOutOfRange(length: UInt64.max, fileSize: 16))
        assertThrows(file(header: "{}", headerLength: 9), .headerLengthOutOfRange(length: 9, fileSize: 16))
        assertThrows(file(header: "{}", headerLength: 200_000_000), .headerLengthOutOfRange(length: 200_000_000, fileSize: 16))
    }

    func testRejectsMalformedJSON() throws {
        for header in ["", "[1,2]", "{\"a\": ", "{\"a\":1}}", "nonsense"] {
            XCTAssertThrowsError(try SafeTensors(data: file(header: header)), header) { error in
                guard case .malformedHeader = error as? SafeTensorsError else {
                    return XCTFail("\(header): \(error)")
                }
            }
        }
        var invalidUTF8 = file(header: "{\"ab\":1}")
        invalidUTF8[11] = 0xFF
        XCTAssertThrowsError(try SafeTensors(data: invalidUTF8))
        assertThrows(file(header: #"{"__metadata__":{"a":1}}"#), .malformedMetadata("expected an object of strings"))
        assertThrows(file(header: #"{"__metadata__":[]}"#), .malformedMetadata("expected an object of strings"))
    }

    func testRejectsMalformedEntries() {
        let cases: [String] = [
            #"{"t":{"shape":[1],"data_offsets":[0,4]}}"#,                       // no dtype
            #"{"t":{"dtype":"F32","data_offsets":[0,4]}}"#,                     // no shape
            #"{"t":{"dtype":"F32","shape":[1]}}"#,                              // no offsets
            #"{"t":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#,       // fractional
            #"{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}}"#,       // three offsets
            #"{"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,        // negative
            #"{"t":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#,         // decreasing
            #"{"t":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}}"#,        // negative offset
            #"{"t":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}"#,  // overflow
            #"{"t":{"dtype":"F32","shape":[1],"data_offsets":[0,99999999999999999999999]}}"#,
            #"{"t":3}"#,
        ]
        for header in cases {
            XCTAssertThrowsError(try SafeTensors(data: file(header: header, data: [0, 0, 0, 0])), header) { error in
                guard case .malformedEntry(let tensor, _) = error as? SafeTensorsError else {
                    return XCTFail("\(header): \(error)")
                }
                XCTAssertEqual(tensor, "t")
                XCTAssertTrue("\(error)".contains("'t'"))
            }
        }
    }

    func testRejectsBadDTypesSizesAndOffsets() {
        let four: [UInt8] = [0, 0, 0, 0]
        assertThrows(file(header: #"{"t":{"dtype":"F17","shape":[1],"data_offsets":[0,4]}}"#, data: four),
                     .unknownDType(tensor: "t", dtype: "F17"))
        assertThrows(file(header: #"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: four),
                     .sizeMismatch(tensor: "t", expectedBytes: 8, actualBytes: 4))
        assertThrows(file(header: #"{"t":{"dtype":"F16","shape":[1],"data_offsets":[0,4]}}"#, data: four),
                     .sizeMismatch(tensor: "t", expectedBytes: 2, actualBytes: 4))
        assertThrows(file(header: #"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: four),
                     .offsetsOutOfRange(tensor: "t", end: 8, dataLength: 4))
        assertThrows(file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, data: four),
                     .overlappingTensors("a", "b"))
        assertThrows(file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F16","shape":[1],"data_offsets":[2,4]}}"#, data: four),
                     .overlappingTensors("a", "b"))
        assertThrows(file(header: #"{"a":{"dtype":"F16","shape":[1],"data_offsets":[2,4]}}"#, data: four),
                     .unclaimedData(offset: 0, length: 2))
        assertThrows(file(header: #"{"a":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}"#, data: four),
                     .unclaimedData(offset: 2, length: 2))
        assertThrows(file(header: "{}", data: four), .unclaimedData(offset: 0, length: 4))
    }

    func testEveryTruncationFailsCleanly() throws {
        let data = try SafeTensors.encode(sample, metadata: ["x": "y"])
        for length in 0..<data.count {
            XCTAssertThrowsError(try SafeTensors(data: data.prefix(length)), "truncated to \(length) bytes")
        }
        XCTAssertNoThrow(try SafeTensors(data: data))
        // A truncated data section names the tensor that runs past the end.
        XCTAssertThrowsError(try SafeTensors(data: data.prefix(data.count - 1))) { error in
            XCTAssertTrue("\(error)".contains("scalar"), "\(error)")
        }
    }

    func testRandomByteCorruptionNeverCrashes() throws {
        let data = try SafeTensors.encode(sample, metadata: ["x": "y"])
        var generator = RandomGenerator(seed: 11)
        for _ in 0..<2_000 {
            var corrupt = data
            for _ in 0..<Int(1 + generator.next() % 3) {
                let position = Int(generator.next() % UInt64(corrupt.count))
                corrupt[position] = UInt8(truncatingIfNeeded: generator.next())
            }
            if let parsed = try? SafeTensors(data: corrupt) {
                for name in parsed.names { _ = try? parsed.tensor(name) }
            }
        }
    }

    func testSlicedDataAndFiles() throws {
        let data = try SafeTensors.encode(sample)
        // A Data slice whose indices do not start at 0.
        let padded = Data([9, 9, 9]) + data
        XCTAssertEqual(try SafeTensors(data: padded.dropFirst(3)).tensor("b"), sample[1].tensor)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try SafeTensors.write(sample, dtype: .f16, to: url)
        XCTAssertEqual(try SafeTensors(contentsOf: url).tensor("b"), sample[1].tensor)
        XCTAssertThrowsError(try SafeTensors(contentsOf: url.appendingPathExtension("missing"))) {
            guard case .io = $0 as? SafeTensorsError else { return XCTFail("\($0)") }
        }
    }

    func testWriterRejectsDuplicateAndReservedNames() {
        let t = Tensor(shape: [1], scalars: [1])
        XCTAssertThrowsError(try SafeTensors.encode([("a", t), ("a", t)])) {
            XCTAssertEqual($0 as? SafeTensorsError, .invalidName("a"))
        }
        XCTAssertThrowsError(try SafeTensors.encode([("__metadata__", t)]))
    }
}
