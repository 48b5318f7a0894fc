@testable import IGNLayers
import IGNSafeTensors
import IGNTestSupport
import XCTest

/// ReLU, LeakyReLU(0.2) and Tanh against the numpy reference.
final class ActivationFixtureTests: XCTestCase {
    func testActivationsMatchReference() throws {
        let file = try fixture("activations")
        let functions: [(String, Activation.Function)] = [
            ("relu", .relu), ("leaky_relu", .leakyReLU(slope: 0.2)), ("tanh", .tanh),
        ]
        for (name, function) in functions {
            let layer = Activation(function)
            let pass = Pass(layer, input: try file.tensor(name + ".input"), mode: .inference)
            assertClose(pass.output.nchw(), try file.tensor(name + ".output"), "\(name) output")
            pass.backward(layer, gradOutput: try file.tensor(name + ".grad_output"))
            assertClose(pass.gradInput.nchw(), try file.tensor(name + ".grad_input"), "\(name) grad input")
        }
    }

    func testSpecsRoundTrip() {
        for function in [Activation.Function.relu, .leakyReLU(slope: 0.2), .tanh] {
            XCTAssertEqual((Activation(function).spec.makeLayer() as? Activation)?.function, function)
        }
    }
}
