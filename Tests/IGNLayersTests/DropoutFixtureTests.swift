@testable import IGNLayers
import IGNSafeTensors
import IGNTestSupport
import XCTest

/// Dropout2d against the numpy reference, which re-implements the engine's seeded
/// xoshiro256** stream and mask order (one draw per map, channel-major).
final class DropoutFixtureTests: XCTestCase {
    func testTrainingMasksMatchReference() throws {
        let file = try fixture("dropout2d")
        for name in file.metadata.keys.sorted() {
            let p = try caseParameters(file, name)
            let layer = Dropout2d(probability: Float(p["p"] as! Double), seed: UInt64(p["seed"] as! Int))
            let pass = Pass(layer, input: try file.tensor(name + ".input"), mode: .training)
            assertClose(pass.output.nchw(), try file.tensor(name + ".output"), "\(name) output")
            pass.backward(layer, gradOutput: try file.tensor(name + ".grad_output"))
            assertClose(pass.gradInput.nchw(), try file.tensor(name + ".grad_input"), "\(name) grad input")
            let mask = try file.tensor(name + ".mask")
            XCTAssertTrue(mask.scalars.contains(0) && mask.scalars.contains { $0 > 1 },
                          "fixture \(name) should both drop and keep maps")
        }
    }

    func testInferenceIsIdentity() throws {
        let file = try fixture("dropout2d")
        let layer = Dropout2d(probability: 0.5, seed: 1)
        let input = try file.tensor("case0.input")
        for mode in [ForwardMode.inference, .inferenceWithBatchStatistics] {
            let pass = Pass(layer, input: input, mode: mode)
            XCTAssertEqual(pass.output.nchw(), input)
        }
    }
}
