import Foundation
import IGN
import IGNNeural
import IGNTestSupport
import XCTest

/// Training with gray pairs (`TrainingConfiguration.grayPairs`): some reconstruction inputs
/// shown in gray with the colour image as their target.
final class GrayPairsTests: XCTestCase {
    private func configuration(grayPairs: Double?) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.batchSize = 8
        configuration.learningRate = 3e-3
        configuration.heldOut = 4
        configuration.seed = 5
        configuration.grayPairs = grayPairs
        return configuration
    }

    func testTheFirstImagesBecomeLumaInEveryChannelAndTheRestStay() {
        let source = maps(colourFieldImages(count: 3), count: 3)
        let gray = FeatureMaps()
        gray.copyWithGrayImages(of: source, first: 2)
        XCTAssertEqual([gray.channels, gray.batch, gray.height, gray.width], [3, 3, 8, 8])
        let plane = 64
        func value(_ maps: FeatureMaps, _ c: Int, _ n: Int, _ i: Int) -> Float { maps.pointer[(c * 3 + n) * plane + i] }
        for i in 0..<plane {
            for n in 0..<2 {
                let luma = 0.299 * value(source, 0, n, i) + 0.587 * value(source, 1, n, i) + 0.114 * value(source, 2, n, i)
                for c in 0..<3 { XCTAssertEqual(value(gray, c, n, i), luma, accuracy: 1e-6) }
            }
            for c in 0..<3 { XCTAssertEqual(value(gray, c, 2, i), value(source, c, 2, i)) }
        }
        XCTAssertNotEqual(value(source, 0, 0, 9), value(source, 2, 0, 9), "the test images have colour")
    }

    func testGrayPairsNeedAColourModel() {
        XCTAssertThrowsError(try Trainer(configuration: configuration(grayPairs: 0.5), model: IGNModel(network: tinyNetwork()),
                                         data: blobImages(count: 36))) { error in
            XCTAssertTrue("\(error)".contains("colour model"), "\(error)")
        }
        var outOfRange = configuration(grayPairs: 1.5)
        XCTAssertThrowsError(try outOfRange.validate())
        XCTAssertThrowsError(try configuration(grayPairs: 0.01).validate(), "0.01 of a batch of 8 is no image")
        outOfRange.grayPairs = 0.25
        XCTAssertEqual(outOfRange.grayPairsPerBatch, 2)
    }

    /// Checkpoints written before the setting existed resume; a run without it writes the
    /// same configuration text as before.
    func testConfigurationsWithoutGrayPairsReadAndWriteAsBefore() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let plain = String(decoding: try encoder.encode(configuration(grayPairs: nil)), as: UTF8.self)
        XCTAssertFalse(plain.contains("grayPairs"), plain)
        let decoded = try JSONDecoder().decode(TrainingConfiguration.self, from: Data(plain.utf8))
        XCTAssertEqual(decoded, configuration(grayPairs: nil))
        XCTAssertEqual(decoded.grayPairFraction, 0)
        let paired = try encoder.encode(configuration(grayPairs: 0.5))
        XCTAssertEqual(try JSONDecoder().decode(TrainingConfiguration.self, from: paired).grayPairs, 0.5)
    }

    /// With every pair gray, a step's reconstruction loss is D(f(gray x), x) over its batch
    /// (here the batch is the whole training split, so its order does not matter), not D(f(x), x).
    func testTheReconstructionTermSeesGrayInputsAndColourTargets() throws {
        var setup = configuration(grayPairs: 1)
        setup.heldOut = 4
        let data = colourFieldImages(count: 12)
        let trainer = try Trainer(configuration: setup, model: IGNModel(network: tinyNetwork(channels: 3)), data: data)
        XCTAssertEqual(trainer.training.count, setup.batchSize)
        let x = maps(trainer.training, count: 8)
        let gray = FeatureMaps()
        gray.copyWithGrayImages(of: x, first: 8)
        func meanL1(_ input: FeatureMaps) -> Float {
            let output = FeatureMaps()
            trainer.model.network.forward(input, into: output, cache: LayerCache(), mode: .frozenTraining)
            let perImage = Distance.l1.perImage(output, x)
            return perImage.reduce(0, +) / Float(perImage.count)
        }
        let (expected, plain) = (meanL1(gray), meanL1(x))
        XCTAssertGreaterThan(abs(expected - plain), 1e-3)
        XCTAssertEqual(trainer.runStep().reconstruction, expected, accuracy: 1e-5)
    }

    /// Resuming a run with gray pairs repeats the uninterrupted run bit for bit.
    func testResumeWithGrayPairsIsBitIdentical() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = colourFieldImages(count: 36)
        func fresh() throws -> Trainer {
            try Trainer(configuration: configuration(grayPairs: 0.5), model: IGNModel(network: tinyNetwork(channels: 3)), data: data)
        }
        let straight = try fresh()
        for _ in 0..<5 { straight.runStep() }
        let first = try fresh()
        for _ in 0..<2 { first.runStep() }
        let checkpoint = folder.appendingPathComponent("run.checkpoint")
        try first.saveCheckpoint(to: checkpoint)
        let resumed = try Trainer.resume(from: checkpoint, data: data)
        XCTAssertEqual(resumed.configuration.grayPairs, 0.5)
        for _ in 0..<3 { resumed.runStep() }
        XCTAssertEqual(resumed.model.network.parameters.map(\.parameter.value),
                       straight.model.network.parameters.map(\.parameter.value))
        XCTAssertEqual(resumed.optimizer.secondMoments, straight.optimizer.secondMoments)
    }

    /// A finished model trained with gray pairs carries a `gray-images` statistics set and
    /// the fraction in its notes.
    func testAFinishedModelRecordsGrayImageStatistics() throws {
        let trainer = try Trainer(configuration: configuration(grayPairs: 0.25), model: IGNModel(network: tinyNetwork(channels: 3)),
                                  data: colourFieldImages(count: 36))
        trainer.runStep()
        try trainer.finishModel(command: "test", batches: 2)
        XCTAssertNotNil(trainer.model.statisticsSets["gray-images"])
        XCTAssertNotEqual(trainer.model.statisticsSets["gray-images"], trainer.model.statisticsSets["images"])
        XCTAssertEqual(trainer.model.metadata.first { $0.key.hasSuffix("gray_pairs") }?.value, "0.25")

        // Fine-tuned without gray pairs, the model no longer claims them.
        let tuned = try Trainer(configuration: configuration(grayPairs: nil), model: trainer.model,
                                data: colourFieldImages(count: 36))
        tuned.runStep()
        try tuned.finishModel(command: "again", batches: 2)
        XCTAssertNil(tuned.model.metadata.first { $0.key.hasSuffix("gray_pairs") })
        XCTAssertEqual(tuned.model.metadata.first { $0.key.hasSuffix("command") }?.value, "again")
    }
}

/// Runs started from a trained model record the layout the model has.
final class ArchitectureIdentityTests: XCTestCase {
    func testLayoutsAreIdentifiedFromTheirNetworks() {
        for architecture in Architecture.allCases {
            for width in [0.0625, 0.5, 1, 0.3, 0.7] {
                let found = Architecture.identify(architecture.network(width: width))
                XCTAssertEqual(found?.architecture, architecture, "\(width)")
                XCTAssertEqual(found.map { architecture.network(width: $0.width) }, architecture.network(width: width), "\(width)")
            }
            XCTAssertEqual(Architecture.identify(architecture.network(width: 0.5))?.width, 0.5)
        }
        XCTAssertNil(Architecture.identify(tinyNetwork().spec))
    }

    func testATrainerFromAModelRecordsItsLayout() throws {
        var generator = RandomGenerator(seed: 1)
        let model = try IGNModel(architecture: .mnist28, width: 0.0625, generator: &generator)
        var configuration = TrainingConfiguration()
        configuration.architecture = .celeba64
        configuration.batchSize = 4
        let data = ImageDataset(geometry: Architecture.mnist28.imageGeometry,
                                values: [Float](repeating: 0, count: 8 * 784), source: "zeros")
        let trainer = try Trainer(configuration: configuration, model: model, data: data)
        XCTAssertEqual(trainer.configuration.architecture, .mnist28)
        XCTAssertEqual(trainer.configuration.width, 0.0625)
        XCTAssertEqual(trainer.configuration.noise, .gaussian)

        let frequencyModel = try IGNModel(architecture: .mnist28, width: 0.0625, generator: &generator)
        frequencyModel.noise = .frequency(FrequencyStatistics(images: data.values, count: 8, geometry: data.geometry))
        XCTAssertEqual(try Trainer(configuration: configuration, model: frequencyModel, data: data).configuration.noise, .frequency,
                       "the model's noise, not the options'")
    }
}
