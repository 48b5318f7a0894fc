@testable import IGNLayers
import IGNSafeTensors
import IGNTestSupport
import XCTest

/// Conv2d and ConvTranspose2d against the numpy reference (odd sizes, strides 1–3, padding 0–2),
/// with each algorithm: im2col, and Winograd for the 3×3 stride-1 and 4×4 stride-2 cases.
final class ConvolutionFixtureTests: XCTestCase {
    func testConv2dMatchesReference() throws {
        for algorithm in [ConvolutionAlgorithm.direct, .winograd] {
            try checkCases(file: "conv2d") { p in
                let layer = Conv2d(p["in_channels"] as! Int, p["out_channels"] as! Int,
                                   kernel: p["kernel_size"] as! Int, stride: p["stride"] as! Int,
                                   padding: p["padding"] as! Int, bias: p["bias"] as! Bool)
                layer.algorithm = algorithm
                return layer
            }
        }
    }

    func testConvTranspose2dMatchesReference() throws {
        for algorithm in [ConvolutionAlgorithm.direct, .winograd] {
            try checkCases(file: "conv_transpose2d") { p in
                let layer = ConvTranspose2d(p["in_channels"] as! Int, p["out_channels"] as! Int,
                                            kernel: p["kernel_size"] as! Int, stride: p["stride"] as! Int,
                                            padding: p["padding"] as! Int, bias: p["bias"] as! Bool)
                layer.algorithm = algorithm
                return layer
            }
        }
    }

    private func checkCases(file name: String, make: ([String: Any]) -> Layer) throws {
        let file = try fixture(name)
        let cases = file.metadata.keys.sorted()
        XCTAssertGreaterThanOrEqual(cases.count, 5)
        for caseName in cases {
            let layer = make(try caseParameters(file, caseName))
            try layer.setWeights(from: file, prefix: caseName + ".")
            let input = try file.tensor(caseName + ".input")
            let pass = Pass(layer, input: input, mode: .training)
            assertClose(pass.output.nchw(), try file.tensor(caseName + ".output"), "\(name) \(caseName) output")
            // Twice, to check that gradients accumulate (and that the backward pass is repeatable).
            for round in 1...2 {
                pass.backward(layer, gradOutput: try file.tensor(caseName + ".grad_output"))
                assertClose(pass.gradInput.nchw(), try file.tensor(caseName + ".grad_input"),
                            "\(name) \(caseName) grad input")
                for (key, parameter) in layer.parameters {
                    var expected = try file.tensor("\(caseName).grad_\(key)")
                    expected.scalars = expected.scalars.map { $0 * Float(round) }
                    assertClose(Tensor(shape: parameter.shape, scalars: parameter.gradient), expected,
                                "\(name) \(caseName) grad \(key) after \(round) backward passes")
                }
            }
            // Frozen: input gradient only, parameter gradients untouched.
            layer.zeroGradients()
            pass.backward(layer, gradOutput: try file.tensor(caseName + ".grad_output"), parameterGradients: false)
            assertClose(pass.gradInput.nchw(), try file.tensor(caseName + ".grad_input"), "\(name) \(caseName) frozen grad input")
            for (key, parameter) in layer.parameters {
                XCTAssertTrue(parameter.gradient.allSatisfy { $0 == 0 }, "\(caseName) \(key) changed while frozen")
            }
        }
    }
}
