@testable import IGNLayers
import IGNSafeTensors
import IGNTestSupport
import XCTest

/// A whole nested encoder-decoder (conv → BN → LeakyReLU …, convT → BN → ReLU …, Tanh),
/// rebuilt from a model file alone, against the numpy reference: outputs, input gradients,
/// every parameter gradient and the running-statistics update.
final class EncoderDecoderFixtureTests: XCTestCase {
    private func load() throws -> (Layer, SafeTensors) {
        let model = try ModelFile(try fixture("encoder_decoder.model"))
        XCTAssertEqual(model.metadata, ["note": "fixture: nested encoder-decoder, random weights"])
        return (model.network, try fixture("encoder_decoder.expected"))
    }

    func testParameterKeysAreStateDictKeys() throws {
        let (network, _) = try load()
        let names = network.weightTensors.map(\.name)
        XCTAssertEqual(names.first, "0.0.weight")
        XCTAssertTrue(names.contains("1.4.running_var"))
        XCTAssertTrue(names.contains("0.1.running_mean"))
        XCTAssertFalse(names.contains("0.3.bias"), "the second conv has no bias")
    }

    func testEvalModeMatchesReference() throws {
        let (network, expected) = try load()
        let pass = Pass(network, input: try expected.tensor("input"), mode: .inference)
        assertClose(pass.output.nchw(), try expected.tensor("eval.output"), "eval output")
        pass.backward(network, gradOutput: try expected.tensor("grad_output"), parameterGradients: false)
        assertClose(pass.gradInput.nchw(), try expected.tensor("eval.grad_input"), "eval grad input")
    }

    func testTrainingModeMatchesReference() throws {
        let (network, expected) = try load()
        let input = try expected.tensor("input"), gradOutput = try expected.tensor("grad_output")
        let pass = Pass(network, input: input, mode: .training)
        assertClose(pass.output.nchw(), try expected.tensor("train.output"), "train output")
        for (key, buffer) in network.stateBuffers {
            assertClose(buffer.value, try expected.tensor("train.state." + key), "running \(key)")
        }
        pass.backward(network, gradOutput: gradOutput)
        assertClose(pass.gradInput.nchw(), try expected.tensor("train.grad_input"), "train grad input")
        let gradientKeys = expected.names.filter { $0.hasPrefix("train.grad.") }
        XCTAssertEqual(gradientKeys.count, network.parameters.count)
        for (key, parameter) in network.parameters {
            assertClose(Tensor(shape: parameter.shape, scalars: parameter.gradient),
                        try expected.tensor("train.grad." + key), "grad \(key)")
        }

        // Reusing the same cache for a second step gives the same results (no stale scratch).
        network.zeroGradients()
        network.forward(pass.input, into: pass.output, cache: pass.cache, mode: .training)
        assertClose(pass.output.nchw(), try expected.tensor("train.output"), "second train output")
        pass.backward(network, gradOutput: gradOutput)
        assertClose(pass.gradInput.nchw(), try expected.tensor("train.grad_input"), "second grad input")
        for (key, parameter) in network.parameters {
            assertClose(Tensor(shape: parameter.shape, scalars: parameter.gradient),
                        try expected.tensor("train.grad." + key), "second grad \(key)")
        }
    }

    func testBatchStatisticInferenceMatchesTrainingOutput() throws {
        let (network, expected) = try load()
        let before = network.stateBuffers.map(\.buffer.value)
        let pass = Pass(network, input: try expected.tensor("input"), mode: .inferenceWithBatchStatistics)
        assertClose(pass.output.nchw(), try expected.tensor("train.output"), "batch-statistics output")
        XCTAssertEqual(network.stateBuffers.map(\.buffer.value), before)
    }
}
