import IGN
import IGNNeural
import IGNTestSupport
import XCTest

final class EvaluationTests: XCTestCase {
    func testPSNRByHand() {
        // Every value off by 0.2 in [−1, 1] units = 0.1 on the 0–1 scale: MSE 0.01, 20 dB.
        let a: [Float] = [0, 0.5, -1, 1], b: [Float] = [0.2, 0.7, -0.8, 0.8]
        XCTAssertEqual(PSNR.of(a, b, count: 4), 20, accuracy: 1e-4)
        XCTAssertEqual(PSNR.of(a, a, count: 4), PSNR.maximum)
    }

    func testMedianAndBlurByHand() {
        // A single bright pixel disappears under the median; a constant survives a blur.
        var plane = [Float](repeating: -1, count: 25)
        plane[12] = 1
        XCTAssertEqual(ClassicalFilters.median3x3(plane, width: 5, height: 5), [Float](repeating: -1, count: 25))
        let blurred = ClassicalFilters.gaussianBlur([Float](repeating: 0.25, count: 30), width: 6, height: 5, sigma: 1.3)
        for value in blurred { XCTAssertEqual(value, 0.25, accuracy: 1e-6) }
        // Blur keeps the sum of an impulse far from the edges.
        var impulse = [Float](repeating: 0, count: 15 * 15)
        impulse[7 * 15 + 7] = 1
        XCTAssertEqual(ClassicalFilters.gaussianBlur(impulse, width: 15, height: 15, sigma: 1).reduce(0, +), 1, accuracy: 1e-5)
    }

    /// The evaluator's reconstruction and denoising figures equal the same computation done
    /// here from `apply` and PSNR.
    func testEvaluatorFiguresMatchAHandComputation() throws {
        let data = blobImages(count: 10)
        let model = try IGNModel(network: tinyNetwork())
        var evaluator = Evaluator(model: model, data: data)
        evaluator.noiseSamples = 5
        evaluator.batchSize = 4
        let report = try evaluator.run(compareNormalizations: true)

        let x = maps(data, count: 10)
        let fx = model.apply(x)
        let byHand = PSNR.perImage(fx, x).reduce(0, +) / 10
        XCTAssertEqual(report.reconstruction, byHand, accuracy: 1e-6)
        XCTAssertEqual(report.images, 10)
        XCTAssertEqual(report.denoising.map(\.sigma), [0.1, 0.2, 0.4])
        for d in report.denoising {
            XCTAssertLessThan(d.noisy, 40)
            XCTAssertGreaterThanOrEqual(d.gaussian, d.noisy - 3)
        }
        // Noisier inputs score lower.
        XCTAssertGreaterThan(report.denoising[0].noisy, report.denoising[2].noisy)
        XCTAssertEqual(report.normalizations?.map(\.statistics), ["running", "batch"])
        XCTAssertEqual(report.normalizations?.first?.reconstruction, report.reconstruction)
    }

    /// With statistics sets, each figure uses the set chosen for its use, and the network's
    /// own statistics are back as they were afterwards.
    func testEvaluatorUsesTheChosenSetsAndRestoresTheNetwork() throws {
        let data = blobImages(count: 12)
        let model = try IGNModel(network: tinyNetwork())
        let images = NormalizationStatistics.measure(model.network, batches: 1) { data.fill($0, indices: Array(0..<12)) }
        var shifted = images
        shifted.values = shifted.values.mapValues { $0.map { $0 + 0.5 } }
        model.statisticsSets = ["images": images, "shifted": shifted]
        model.statisticsChoice = [.project: "images", .generate: "shifted"]
        let before = NormalizationStatistics(current: model.network)
        var evaluator = Evaluator(model: model, data: data)
        evaluator.noiseSamples = 4
        let report = try evaluator.run(compareNormalizations: true)
        XCTAssertEqual(NormalizationStatistics(current: model.network), before)
        XCTAssertEqual(report.projectStatistics, "images")
        XCTAssertEqual(report.generateStatistics, "shifted")
        XCTAssertEqual(report.normalizations?.map(\.statistics), ["images", "shifted", "batch"])

        try images.apply(to: model.network)
        let x = maps(data, count: 12)
        let byHand = PSNR.perImage(model.apply(x), x).reduce(0, +) / 12
        XCTAssertEqual(report.reconstruction, byHand, accuracy: 1e-6)
        XCTAssertNotEqual(report.normalizations?[1].reconstruction, report.reconstruction)
    }
}
