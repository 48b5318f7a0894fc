@testable import IGNCompute
@testable import IGNLayers
import IGNTestSupport
import XCTest

/// Feature maps, the random generator, the parallel loop and the empty container.
final class CoreTypesTests: XCTestCase {
    func testFeatureMapsRoundTripNCHW() {
        let tensor = Tensor(shape: [2, 3, 2, 4], scalars: (0..<48).map(Float.init))
        let maps = FeatureMaps(nchw: tensor)
        XCTAssertEqual(maps.geometry, Geometry(channels: 3, height: 2, width: 4))
        XCTAssertEqual(maps.batch, 2)
        // Channel-major: channel 1 of image 0 follows channel 0 of image 1.
        XCTAssertEqual(maps.pointer[8], 24)   // c0 n1
        XCTAssertEqual(maps.pointer[16], 8)   // c1 n0
        XCTAssertEqual(maps.nchw(), tensor)
        let copy = FeatureMaps()
        copy.copy(from: maps)
        XCTAssertEqual(copy.nchw(), tensor)
        // Growing after a smaller use keeps geometry consistent.
        let small = FeatureMaps(channels: 1, batch: 1, height: 1, width: 1)
        small.load(nchw: tensor)
        XCTAssertEqual(small.nchw(), tensor)
    }

    func testRandomGeneratorResumesFromSavedState() {
        var a = RandomGenerator(seed: 77)
        for _ in 0..<10 { _ = a.next() }
        var b = RandomGenerator(stateWords: a.stateWords)
        XCTAssertEqual((0..<5).map { _ in a.next() }, (0..<5).map { _ in b.next() })
        XCTAssertNotEqual(RandomGenerator(seed: 1).stateWords, RandomGenerator(seed: 2).stateWords)
    }

    func testNormalAndUniformDraws() {
        var generator = RandomGenerator(seed: 5)
        let values = generator.normal(count: 100_001, mean: 2, standardDeviation: 3)
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
        XCTAssertEqual(mean, 2, accuracy: 0.05)
        XCTAssertEqual(variance.squareRoot(), 3, accuracy: 0.05)
        XCTAssertTrue(values.allSatisfy(\.isFinite))
        let uniforms = (0..<10_000).map { _ in generator.nextUniform() }
        XCTAssertTrue(uniforms.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(Double(uniforms.reduce(0, +)) / 10_000, 0.5, accuracy: 0.02)
    }

    func testParallelVisitsEveryIndexOnce() {
        for (count, work) in [(0, 1), (1, 1), (2, 100_000), (7, 1), (1000, 8), (1000, 100_000), (5, 100)] {
            let counts = UnsafeMutablePointer<Int>.allocate(capacity: max(count, 1))
            counts.initialize(repeating: 0, count: max(count, 1))
            defer { counts.deallocate() }
            Parallel.forEach(count, valuesPerIteration: work) { counts[$0] += 1 }
            XCTAssertTrue((0..<count).allSatisfy { counts[$0] == 1 }, "count \(count) work \(work)")
        }
    }

    func testEmptySequentialIsIdentity() {
        let network = Sequential([])
        let input = Tensor(shape: [1, 2, 2, 2], scalars: (0..<8).map(Float.init))
        let pass = Pass(network, input: input, mode: .training)
        XCTAssertEqual(pass.output.nchw(), input)
        pass.backward(network, gradOutput: input)
        XCTAssertEqual(pass.gradInput.nchw(), input)
    }
}
