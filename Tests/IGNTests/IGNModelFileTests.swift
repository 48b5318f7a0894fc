import Foundation
import IGN
import IGNNeural
import IGNTestSupport
import XCTest

final class IGNModelFileTests: XCTestCase {
    func testModelRoundTripKeepsWeightsStatisticsNoiseAndChoices() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = blobImages(count: 16)
        let model = try IGNModel(network: tinyNetwork())
        XCTAssertEqual(model.imageGeometry, Geometry(channels: 1, height: 8, width: 8), "inferred from the network")
        model.noise = .frequency(FrequencyStatistics(images: data.values, count: data.count, geometry: data.geometry))
        let images = NormalizationStatistics.measure(model.network, batches: 2) { data.fill($0, indices: Array(0..<8)) }
        model.statisticsSets = ["images": images, "training": NormalizationStatistics(current: model.network)]
        model.statisticsChoice = [.project: "images", .generate: "training"]
        model.metadata["ign.training.steps"] = "12"
        let url = folder.appendingPathComponent("m.safetensors")
        try model.write(to: url)

        let loaded = try IGNModel.load(contentsOf: url)
        XCTAssertEqual(loaded.imageGeometry, model.imageGeometry)
        XCTAssertEqual(loaded.noise, model.noise)
        XCTAssertEqual(loaded.statisticsSets, model.statisticsSets)
        XCTAssertEqual(loaded.statisticsChoice, model.statisticsChoice)
        XCTAssertEqual(loaded.metadata["ign.training.steps"], "12")
        let x = maps(data, count: 3)
        XCTAssertEqual(model.apply(x, using: try model.inferenceNetwork(for: .project)).nchw(),
                       loaded.apply(x, using: try loaded.inferenceNetwork(for: .project)).nchw())
    }

    func testF16FileStaysCloseAndHalvesTheSize() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try IGNModel(network: tinyNetwork())
        let f32 = folder.appendingPathComponent("a.safetensors"), f16 = folder.appendingPathComponent("b.safetensors")
        try model.write(to: f32)
        try model.write(to: f16, dtype: .f16)
        let x = maps(blobImages(count: 4), count: 4)
        let a = try IGNModel.load(contentsOf: f32).apply(x).nchw().scalars
        let b = try IGNModel.load(contentsOf: f16).apply(x).nchw().scalars
        for (p, q) in zip(a, b) { XCTAssertEqual(p, q, accuracy: 2e-2) }
        let sizeA = try FileManager.default.attributesOfItem(atPath: f32.path)[.size] as! Int
        let sizeB = try FileManager.default.attributesOfItem(atPath: f16.path)[.size] as! Int
        XCTAssertLessThan(sizeB, sizeA * 3 / 4)
    }

    func testMissingStatisticsSetAndNonProjectorsAreRefused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try IGNModel(network: tinyNetwork())
        var file = model.modelFile()
        file.metadata[IGNFileKeys.statisticsChoice(.project)] = "nowhere"
        let url = folder.appendingPathComponent("bad.safetensors")
        try file.write(to: url)
        XCTAssertThrowsError(try IGNModel.load(contentsOf: url)) { XCTAssertTrue("\($0)".contains("nowhere")) }

        let encoderOnly = Sequential([Sequential([Conv2d(1, 2, kernel: 3)]), Sequential([])])
        XCTAssertThrowsError(try IGNModel(network: encoderOnly))
        let weightsOnly = Array(file.network.weightTensors.dropLast())
        XCTAssertNoThrow(try SafeTensors.write(weightsOnly, metadata: [:], to: url))
        XCTAssertThrowsError(try IGNModel.load(contentsOf: url))
    }

    func testNoBundledModelOrUnreadablePathGivesOneLineErrors() throws {
        XCTAssertThrowsError(try ModelLocator.load("/no/such/model.safetensors")) { error in
            XCTAssertTrue("\(error)".hasPrefix("/no/such/model.safetensors"), "\(error)")
            XCTAssertFalse("\(error)".contains("\n"))
        }
        XCTAssertThrowsError(try ModelLocator.load(nil, environment: ["IGN_MODEL": "/no/such/env.safetensors"])) {
            XCTAssertTrue("\($0)".contains("/no/such/env.safetensors"))
        }
    }
}

extension IGNModelFileTests {
    func testWeightsThatAreNotFiniteAreRefusedByName() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try IGNModel(network: tinyNetwork())
        model.network.parameters[2].parameter.value[1] = .nan
        let url = folder.appendingPathComponent("nan.safetensors")
        try model.write(to: url)
        XCTAssertThrowsError(try IGNModel.load(contentsOf: url)) { error in
            let name = model.network.parameters[2].name
            XCTAssertTrue("\(error)".contains(name) && "\(error)".contains("nan"), "\(error)")
            XCTAssertTrue("\(error)".contains("encoder layer"), "\(error)")
        }
    }
}
