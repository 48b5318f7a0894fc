@testable import IGNLayers
import IGNSafeTensors
import IGNTestSupport
import XCTest

/// A model made and trained in PyTorch, written by Tools/export-pytorch.py (via
/// Tools/check-export.sh --update-fixture), loads and reproduces PyTorch's outputs:
/// nested Sequentials, bias-less convolutions, a BatchNorm2d with non-default eps and
/// momentum, Dropout2d, LeakyReLU, ReLU and Tanh.
final class PyTorchExportFixtureTests: XCTestCase {
    func testExportedModelReproducesPyTorch() throws {
        let model = try ModelFile(try fixture("pytorch_small.model"))
        let expected = try fixture("pytorch_small.expected")
        XCTAssertEqual(model.metadata["note"], "PyTorch-made fixture")
        XCTAssertEqual(model.metadata["ign.source"], "export-pytorch.py from pytorch_small.pt")
        guard case .sequential(let blocks) = model.network.spec, case .sequential(let encoder) = blocks[0] else {
            return XCTFail("expected nested Sequentials")
        }
        XCTAssertEqual(encoder[5], .batchNorm2d(channels: 8, eps: 1e-3, momentum: 0.2))
        XCTAssertEqual(encoder[3], .dropout2d(probability: 0.1))
        XCTAssertEqual(encoder[4], .conv2d(inChannels: 6, outChannels: 8, kernel: 3, stride: 2, padding: 1, bias: false))

        let input = try expected.tensor("input")
        for (key, mode) in [("output.eval", ForwardMode.inference),
                            ("output.batch_statistics", .inferenceWithBatchStatistics)] {
            let pass = Pass(model.network, input: input, mode: mode)
            assertClose(pass.output.nchw(), try expected.tensor(key), key)
        }
    }
}
