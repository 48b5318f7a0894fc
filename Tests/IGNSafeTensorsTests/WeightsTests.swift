import Foundation
import IGNLayers
@testable import IGNSafeTensors
import IGNTestSupport
import XCTest

/// Loading and saving a layer tree by state_dict keys, and model files.
final class WeightsTests: XCTestCase {
    private func makeNetwork() -> Sequential {
        Sequential([
            Conv2d(1, 2, kernel: 3, stride: 2, padding: 1),
            BatchNorm2d(2),
            Activation(.leakyReLU(slope: 0.2)),
            Sequential([ConvTranspose2d(2, 1, kernel: 4, stride: 2, padding: 1, bias: false), Activation(.tanh)]),
            Dropout2d(probability: 0.1),
        ])
    }

    private func randomized(_ network: Layer, seed: UInt64) -> Layer {
        var generator = RandomGenerator(seed: seed)
        for (_, p) in network.parameters { p.value = generator.normal(count: p.count) }
        for (_, b) in network.stateBuffers { b.value = generator.normal(count: b.value.count).map { abs($0) + 0.5 } }
        return network
    }

    private func tensors(_ network: Layer) -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: network.weightTensors.map { ($0.name, $0.tensor) })
    }

    func testKeysFollowStateDict() {
        XCTAssertEqual(makeNetwork().weightTensors.map(\.name),
                       ["0.weight", "0.bias", "1.weight", "1.bias", "3.0.weight", "1.running_mean", "1.running_var"])
    }

    func testSaveAndLoadRoundTrip() throws {
        let source = randomized(makeNetwork(), seed: 1)
        for dtype in [SafeTensorsDType.f32, .f16, .bf16] {
            let target = makeNetwork()
            let file = try SafeTensors(data: SafeTensors.encode(source.weightTensors, dtype: dtype))
            try target.loadWeights(from: file)
            for (name, tensor) in source.weightTensors {
                let loaded = tensors(target)[name]!
                XCTAssertEqual(loaded.shape, tensor.shape)
                let tolerance: Float = dtype == .f32 ? 0 : (dtype == .f16 ? 1e-3 : 8e-3)
                for (a, b) in zip(loaded.scalars, tensor.scalars) {
                    XCTAssertEqual(a, b, accuracy: tolerance * max(1, abs(b)), "\(dtype) \(name)")
                }
            }
        }
    }

    func testAcceptsNumBatchesTrackedBesideBatchNormOnly() throws {
        let source = randomized(makeNetwork(), seed: 2)
        var named = source.weightTensors
        named.append(("1.num_batches_tracked", Tensor(shape: [], scalars: [0])))
        let target = makeNetwork()
        try target.loadWeights(from: SafeTensors(data: SafeTensors.encode(named)))
        XCTAssertEqual(tensors(target), tensors(source))

        named.append(("0.num_batches_tracked", Tensor(shape: [], scalars: [0])))
        XCTAssertThrowsError(try target.loadWeights(from: SafeTensors(data: SafeTensors.encode(named)))) {
            XCTAssertEqual($0 as? WeightsError, .unexpected(["0.num_batches_tracked"]))
        }
    }

    func testI64NumBatchesTrackedFromPyTorch() throws {
        // As torch exports it: an I64 scalar. Built by hand since the writer emits floats only.
        let source = randomized(makeNetwork(), seed: 3)
        let floats = try SafeTensors.encode(source.weightTensors)
        let parsed = try SafeTensors(data: floats)
        var header: [String: Any] = [:]
        var data = Data()
        for entry in parsed.entries {
            let bytes = try parsed.rawBytes(entry.name)
            header[entry.name] = ["dtype": "F32", "shape": entry.shape, "data_offsets": [data.count, data.count + bytes.count]]
            data.append(bytes)
        }
        header["1.num_batches_tracked"] = ["dtype": "I64", "shape": [Int](), "data_offsets": [data.count, data.count + 8]]
        data.append(contentsOf: [3, 0, 0, 0, 0, 0, 0, 0])
        var json = try JSONSerialization.data(withJSONObject: header)
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var file = Data()
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        file.append(json)
        file.append(data)
        let target = makeNetwork()
        try target.loadWeights(from: SafeTensors(data: file))
        XCTAssertEqual(tensors(target), tensors(source))
    }

    func testReportsMissingUnexpectedMisshapenAndIntegerWeightsWithoutChangingAnything() throws {
        let source = randomized(makeNetwork(), seed: 4)
        let target = makeNetwork()
        let before = tensors(target)
        func attempt(_ named: [(name: String, tensor: Tensor)]) -> Error? {
            do { try target.loadWeights(from: SafeTensors(data: SafeTensors.encode(named))); return nil } catch { return error }
        }
        var named = source.weightTensors.filter { $0.name != "3.0.weight" && $0.name != "1.running_var" }
        XCTAssertEqual(attempt(named) as? WeightsError, .missing(["3.0.weight", "1.running_var"]))
        named = source.weightTensors + [("4.weight", Tensor(shape: [1], scalars: [0]))]
        XCTAssertEqual(attempt(named) as? WeightsError, .unexpected(["4.weight"]))
        // Tensors of the file's other contents are refused too, unless the caller claims them.
        named = source.weightTensors + [("app.statistics", Tensor(shape: [1], scalars: [0]))]
        XCTAssertEqual(attempt(named) as? WeightsError, .unexpected(["app.statistics"]))
        XCTAssertNoThrow(try makeNetwork().loadWeights(from: SafeTensors(data: SafeTensors.encode(named)),
                                                       ignoring: { $0.hasPrefix("app.") }))
        named = source.weightTensors.map { $0.name == "0.weight" ? ($0.name, Tensor(shape: [2, 1, 3, 2])) : $0 }
        XCTAssertEqual(attempt(named) as? WeightsError, .shapeMismatch(key: "0.weight", expected: [2, 1, 3, 3], got: [2, 1, 3, 2]))
        XCTAssertTrue("\(attempt(named)!)".contains("0.weight"))
        XCTAssertEqual(tensors(target), before, "a failed load changes nothing")

        // Dictionary loading checks the same way.
        var dictionary = tensors(source)
        dictionary["1.bias"] = Tensor(shape: [3])
        XCTAssertThrowsError(try target.loadWeights(dictionary)) {
            XCTAssertEqual($0 as? WeightsError, .shapeMismatch(key: "1.bias", expected: [2], got: [3]))
        }
        XCTAssertEqual(tensors(target), before)
        try target.loadWeights(tensors(source))
        XCTAssertEqual(tensors(target), tensors(source))
    }

    func testIntegerWeightIsRejected() throws {
        let header = #"{"weight":{"dtype":"I32","shape":[1],"data_offsets":[0,4]},"bias":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        var json = Array(header.utf8)
        json += [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8)
        var file = Data()
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { file.append(contentsOf: $0) }
        file.append(contentsOf: json + [UInt8](repeating: 0, count: 8))
        XCTAssertThrowsError(try Conv2d(1, 1, kernel: 1).loadWeights(from: SafeTensors(data: file))) {
            XCTAssertEqual($0 as? WeightsError, .unsupportedDType(key: "weight", dtype: "I32"))
        }
    }

    func testModelFileRebuildsTheNetwork() throws {
        let source = randomized(makeNetwork(), seed: 5)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try ModelFile(network: source, metadata: ["ign.trained_steps": "12", "note": "hi"]).write(to: url)
        let loaded = try ModelFile(contentsOf: url)
        XCTAssertEqual(loaded.metadata, ["ign.trained_steps": "12", "note": "hi"])
        XCTAssertEqual(loaded.network.spec, source.spec)
        XCTAssertEqual(tensors(loaded.network), tensors(source))
        let raw = try SafeTensors(contentsOf: url)
        XCTAssertEqual(raw.metadata[ModelFile.formatKey], "1")
        let spec = try LayerSpec(jsonText: raw.metadata[ModelFile.architectureKey]!)
        XCTAssertEqual(spec, source.spec)

        // Same outputs from the rebuilt network.
        var generator = RandomGenerator(seed: 6)
        let input = Tensor(shape: [2, 1, 5, 7], scalars: generator.normal(count: 70))
        XCTAssertEqual(Pass(loaded.network, input: input, mode: .inference).output.nchw(),
                       Pass(source, input: input, mode: .inference).output.nchw())

        // F16 halves the size.
        let half = try ModelFile(network: source).encoded(dtype: .f16)
        let full = try ModelFile(network: source).encoded(dtype: .f32)
        XCTAssertLessThan(half.count, full.count)
        XCTAssertEqual(try ModelFile(SafeTensors(data: half)).network.spec, source.spec)
    }

    func testModelFileErrors() throws {
        let network = makeNetwork()
        XCTAssertThrowsError(try ModelFile(network: network, metadata: [ModelFile.architectureKey: "x"]).encoded()) {
            XCTAssertEqual($0 as? ModelFileError, .reservedKey(ModelFile.architectureKey))
        }
        let weightsOnly = try SafeTensors(data: SafeTensors.encode(network.weightTensors))
        XCTAssertThrowsError(try ModelFile(weightsOnly)) {
            XCTAssertEqual($0 as? ModelFileError, .missingArchitecture)
        }
        for architecture in ["{", #"{"type":"Conv3d"}"#, #"{"type":"Conv2d","in_channels":-1,"out_channels":1,"kernel_size":1}"#] {
            let file = try SafeTensors(data: SafeTensors.encode(network.weightTensors,
                                                                metadata: [ModelFile.architectureKey: architecture]))
            XCTAssertThrowsError(try ModelFile(file), architecture) {
                guard case .invalidArchitecture = $0 as? ModelFileError else { return XCTFail("\($0)") }
            }
        }
        // A description far larger than the file is refused before anything is allocated.
        let huge = #"{"type":"Sequential","layers":[{"type":"Conv2d","in_channels":1000000,"out_channels":1000000,"kernel_size":1000}]}"#
        let bomb = try SafeTensors(data: SafeTensors.encode(network.weightTensors,
                                                            metadata: [ModelFile.architectureKey: huge]))
        XCTAssertThrowsError(try ModelFile(bomb)) {
            guard case .invalidArchitecture = $0 as? ModelFileError else { return XCTFail("\($0)") }
        }
        let future = try SafeTensors(data: SafeTensors.encode(network.weightTensors, metadata: [ModelFile.formatKey: "9"]))
        XCTAssertThrowsError(try ModelFile(future)) {
            XCTAssertEqual($0 as? ModelFileError, .unsupportedVersion("9"))
        }
        // An architecture that does not match the tensors.
        let other = Sequential([Conv2d(1, 3, kernel: 3)])
        let json = String(decoding: try JSONEncoder().encode(other.spec), as: UTF8.self)
        let mismatched = try SafeTensors(data: SafeTensors.encode(network.weightTensors,
                                                                  metadata: [ModelFile.architectureKey: json]))
        XCTAssertThrowsError(try ModelFile(mismatched)) { XCTAssertTrue($0 is WeightsError, "\($0)") }
    }
}
