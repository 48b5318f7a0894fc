@testable import IGNLayers
import IGNTestSupport
import XCTest

final class InferenceFoldingTests: XCTestCase {
    func testFoldedNetworkComputesTheSameAsRunningStatisticsInference() throws {
        var generator = RandomGenerator(seed: 8)
        let network = Sequential([
            Sequential([Conv2d(2, 5, kernel: 3, stride: 2, padding: 1, bias: false), BatchNorm2d(5), Activation(.leakyReLU(slope: 0.2)),
                        Conv2d(5, 6, kernel: 3, bias: true), BatchNorm2d(6)]),
            Sequential([ConvTranspose2d(6, 4, kernel: 3, bias: false), BatchNorm2d(4), Activation(.relu),
                        ConvTranspose2d(4, 2, kernel: 4, stride: 2, padding: 1, bias: true), Activation(.tanh)]),
        ])
        for (_, parameter) in network.parameters { parameter.value = generator.normal(count: parameter.count, standardDeviation: 0.5) }
        for (name, buffer) in network.stateBuffers {
            buffer.value = name.hasSuffix("var") ? (0..<buffer.value.count).map { _ in 0.5 + generator.nextUniform() }
                                                  : generator.normal(count: buffer.value.count)
        }
        let folded = network.foldedForInference()
        XCTAssertEqual(folded.leaves.filter { $0 is BatchNorm2d }.count, 0)
        XCTAssertEqual(folded.leaves.count, network.leaves.count - 3)
        let x = FeatureMaps(channels: 2, batch: 3, height: 9, width: 9)
        generator.fillNormal(x.pointer, count: x.count)
        let expected = FeatureMaps(), actual = FeatureMaps()
        network.forward(x, into: expected, cache: LayerCache(), mode: .inference)
        folded.forward(x, into: actual, cache: LayerCache(), mode: .inference)
        XCTAssertEqual(expected.geometry, actual.geometry)
        for i in 0..<expected.count { XCTAssertEqual(actual.pointer[i], expected.pointer[i], accuracy: 1e-5) }

        // The folded copy shares nothing: changing the original afterwards leaves it alone.
        for (_, buffer) in network.stateBuffers { buffer.value = buffer.value.map { $0 + 1 } }
        for (_, parameter) in network.parameters { parameter.value = parameter.value.map { -$0 } }
        let again = FeatureMaps()
        folded.forward(x, into: again, cache: LayerCache(), mode: .inference)
        for i in 0..<actual.count { XCTAssertEqual(again.pointer[i], actual.pointer[i]) }
    }
}
