@testable import IGNLayers
import IGNSafeTensors
import IGNTestSupport
import XCTest

/// BatchNorm2d against the numpy reference: training mode (batch statistics and the
/// running-average update, unbiased variance) and eval mode (running statistics).
final class BatchNormFixtureTests: XCTestCase {
    func testTrainingModeMatchesReference() throws {
        let file = try fixture("batchnorm2d")
        for name in file.metadata.keys.sorted() {
            let layer = try makeLayer(file, name)
            let pass = Pass(layer, input: try file.tensor(name + ".input"), mode: .training)
            assertClose(pass.output.nchw(), try file.tensor(name + ".train.output"), "\(name) output")
            assertClose(layer.runningMean.value, try file.tensor(name + ".train.running_mean"), "\(name) running mean")
            assertClose(layer.runningVariance.value, try file.tensor(name + ".train.running_var"), "\(name) running var")
            pass.backward(layer, gradOutput: try file.tensor(name + ".grad_output"))
            assertClose(pass.gradInput.nchw(), try file.tensor(name + ".train.grad_input"), "\(name) grad input")
            assertClose(layer.weight.gradient, try file.tensor(name + ".train.grad_weight"), "\(name) grad weight")
            assertClose(layer.bias.gradient, try file.tensor(name + ".train.grad_bias"), "\(name) grad bias")
        }
    }

    func testFrozenAndBatchStatisticInferenceLeaveRunningStatisticsAlone() throws {
        let file = try fixture("batchnorm2d")
        for name in file.metadata.keys.sorted() {
            for mode in [ForwardMode.frozenTraining, .inferenceWithBatchStatistics] {
                let layer = try makeLayer(file, name)
                let pass = Pass(layer, input: try file.tensor(name + ".input"), mode: mode)
                assertClose(pass.output.nchw(), try file.tensor(name + ".train.output"), "\(name) output")
                XCTAssertEqual(layer.runningMean.value, try file.tensor(name + ".running_mean").scalars)
                XCTAssertEqual(layer.runningVariance.value, try file.tensor(name + ".running_var").scalars)
                pass.backward(layer, gradOutput: try file.tensor(name + ".grad_output"), parameterGradients: false)
                assertClose(pass.gradInput.nchw(), try file.tensor(name + ".train.grad_input"), "\(name) grad input")
                XCTAssertTrue(layer.weight.gradient.allSatisfy { $0 == 0 })
            }
        }
    }

    func testEvalModeMatchesReference() throws {
        let file = try fixture("batchnorm2d")
        for name in file.metadata.keys.sorted() {
            let layer = try makeLayer(file, name)
            let pass = Pass(layer, input: try file.tensor(name + ".input"), mode: .inference)
            assertClose(pass.output.nchw(), try file.tensor(name + ".eval.output"), "\(name) output")
            XCTAssertEqual(layer.runningMean.value, try file.tensor(name + ".running_mean").scalars)
            pass.backward(layer, gradOutput: try file.tensor(name + ".grad_output"))
            assertClose(pass.gradInput.nchw(), try file.tensor(name + ".eval.grad_input"), "\(name) grad input")
            assertClose(layer.weight.gradient, try file.tensor(name + ".eval.grad_weight"), "\(name) grad weight")
            assertClose(layer.bias.gradient, try file.tensor(name + ".eval.grad_bias"), "\(name) grad bias")
        }
    }

    private func makeLayer(_ file: SafeTensors, _ name: String) throws -> BatchNorm2d {
        let p = try caseParameters(file, name)
        let layer = BatchNorm2d(p["num_features"] as! Int, epsilon: Float(p["eps"] as! Double),
                                momentum: Float(p["momentum"] as! Double))
        try layer.setWeights(from: file, prefix: name + ".")
        return layer
    }
}
