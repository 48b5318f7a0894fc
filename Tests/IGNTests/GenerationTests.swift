import IGN
import IGNImage
import IGNNeural
import IGNTestSupport
import XCTest

final class GenerationTests: XCTestCase {
    /// A model whose "noise" and "images" sets differ, chosen for generation and projection.
    private func modelWithTwoSets() throws -> IGNModel {
        let data = blobImages(count: 16)
        let model = try IGNModel(network: tinyNetwork())
        let images = NormalizationStatistics.measure(model.network, batches: 1) { data.fill($0, indices: Array(0..<16)) }
        var generator = RandomGenerator(seed: 2)
        let noise = NormalizationStatistics.measure(model.network, batches: 1) { maps in
            maps.resize(data.geometry, batch: 16)
            model.noise.sample(into: maps, generator: &generator)
        }
        model.statisticsSets = ["images": images, "noise": noise]
        model.statisticsChoice = [.project: "images", .generate: "noise"]
        return model
    }

    /// f(z) normalises as on noise, f(f(z)) as on images; chunking changes nothing.
    func testGenerationUsesNoiseStatisticsThenImageStatistics() throws {
        let model = try modelWithTwoSets()
        let twice = try Generation.generate(model, count: 300, seed: 5, times: 2)
        var generator = RandomGenerator(seed: 5)
        let z = model.sampleNoise(count: 300, generator: &generator)
        let fz = model.apply(z, using: try model.inferenceNetwork(for: .generate))
        let ffz = model.apply(fz, using: try model.inferenceNetwork(for: .project))
        let a = twice.nchw().scalars, b = ffz.nchw().scalars
        for i in stride(from: 0, to: a.count, by: 7) { XCTAssertEqual(a[i], b[i], accuracy: 1e-5) }
        // Using one set throughout would differ.
        let wrong = model.apply(fz, using: try model.inferenceNetwork(for: .generate)).nchw().scalars
        XCTAssertGreaterThan(zip(a, wrong).map { abs($0 - $1) }.max()!, 1e-3)
    }

    func testProjectorWithANamedSetAndUnknownNames() throws {
        let model = try modelWithTwoSets()
        let image = try Image(width: 8, height: 8, colorModel: .gray, fill: [30000])
        let byImages = try Projector(model: model, statisticsSet: "images").project(image)
        let byDefault = try Projector(model: model).project(image)
        XCTAssertEqual(byImages, byDefault, "projection's choice is the images set")
        XCTAssertNotEqual(try Projector(model: model, statisticsSet: "noise").project(image), byDefault)
        XCTAssertThrowsError(try Projector(model: model, statisticsSet: "nope")) { error in
            XCTAssertTrue("\(error)".contains("images, noise"), "\(error)")
        }
        XCTAssertEqual(model.statisticsSetName(for: .denoise), "images", "denoise falls back to project")
    }
}
