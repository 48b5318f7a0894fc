import Foundation
@testable import IGNLayers
import IGNSafeTensors
import IGNTestSupport
import XCTest

/// The architecture JSON: round trips, PyTorch's defaults, and rejected descriptions.
final class LayerSpecTests: XCTestCase {
    private func decode(_ json: String) throws -> LayerSpec {
        try LayerSpec(jsonText: json)
    }

    func testEveryLayerRoundTripsThroughJSON() throws {
        let spec = LayerSpec.sequential([
            .conv2d(inChannels: 1, outChannels: 4, kernel: 4, stride: 2, padding: 1, bias: true),
            .batchNorm2d(channels: 4, eps: 1e-5, momentum: 0.1),
            .leakyReLU(slope: 0.2),
            .sequential([.convTranspose2d(inChannels: 4, outChannels: 1, kernel: 3, stride: 1, padding: 0, bias: false),
                         .relu, .tanh]),
            .dropout2d(probability: 0.1),
        ])
        let json = try JSONEncoder().encode(spec)
        XCTAssertEqual(try LayerSpec(json: JSONValue(parsingBytes: json)), spec)
        XCTAssertEqual(spec.makeLayer().spec, spec)
    }

    func testPyTorchDefaults() throws {
        XCTAssertEqual(try decode(#"{"type":"Conv2d","in_channels":3,"out_channels":8,"kernel_size":3}"#),
                       .conv2d(inChannels: 3, outChannels: 8, kernel: 3, stride: 1, padding: 0, bias: true))
        XCTAssertEqual(try decode(#"{"type":"BatchNorm2d","num_features":5}"#),
                       .batchNorm2d(channels: 5, eps: 1e-5, momentum: 0.1))
        XCTAssertEqual(try decode(#"{"type":"LeakyReLU"}"#), .leakyReLU(slope: 0.01))
        XCTAssertEqual(try decode(#"{"type":"Dropout2d"}"#), .dropout2d(probability: 0.5))
    }

    func testRejectsBadDescriptions() {
        for json in [#"{"type":"MaxPool2d"}"#, #"{"layers":[]}"#, #"{"type":"Conv2d","in_channels":0,"out_channels":1,"kernel_size":1}"#,
                     #"{"type":"Conv2d","in_channels":1,"out_channels":1,"kernel_size":1,"stride":0}"#,
                     #"{"type":"Conv2d","in_channels":1,"out_channels":1,"kernel_size":1,"padding":-1}"#,
                     #"{"type":"Conv2d","in_channels":1,"out_channels":1,"kernel_size":99999999}"#,
                     #"{"type":"BatchNorm2d","num_features":0}"#, #"{"type":"LeakyReLU","negative_slope":-1}"#,
                     #"{"type":"Dropout2d","p":1}"#, #"{"type":"Sequential","layers":[{"type":"Nope"}]}"#] {
            XCTAssertThrowsError(try decode(json), json) { error in
                guard case .invalidArchitecture = error as? ModelFileError else { return XCTFail("\(json): \(error)") }
            }
        }
        XCTAssertThrowsError(try decode(#"{"type":"Sequential","layers":[{"type":"Conv2d","in_channels":1,"out_channels":1,"kernel_size":-3}]}"#)) {
            XCTAssertEqual("\($0)", "invalid architecture description: layers.0.kernel_size: -3 is out of range (0…1048576)")
        }
        XCTAssertThrowsError(try decode(#"{"type":"LeakyReLU","negative_slope":1e39}"#)) {
            XCTAssertTrue("\($0)".contains("negative_slope: expected a number a Float holds"), "\($0)")
        }
        XCTAssertEqual(try decode(#"{"type":"BatchNorm2d","num_features":5,"eps":null,"momentum":null}"#),
                       .batchNorm2d(channels: 5, eps: 1e-5, momentum: 0.1), "null is PyTorch's default")
        XCTAssertThrowsError(try decode(#"{"type":"Conv2d","in_channels":1.5,"out_channels":1,"kernel_size":1}"#)) {
            XCTAssertTrue("\($0)".contains("in_channels: expected a whole number"), "\($0)")
        }
    }

    func testGeometryErrors() {
        let conv = Conv2d(3, 4, kernel: 5, stride: 1, padding: 0)
        XCTAssertThrowsError(try conv.outputGeometry(for: Geometry(channels: 3, height: 4, width: 9)))
        XCTAssertThrowsError(try conv.outputGeometry(for: Geometry(channels: 2, height: 9, width: 9)))
        XCTAssertEqual(try conv.outputGeometry(for: Geometry(channels: 3, height: 5, width: 9)),
                       Geometry(channels: 4, height: 1, width: 5))
        XCTAssertThrowsError(try ConvTranspose2d(2, 1, kernel: 3).outputGeometry(for: Geometry(channels: 3, height: 2, width: 2)))
        XCTAssertThrowsError(try BatchNorm2d(3).outputGeometry(for: Geometry(channels: 4, height: 2, width: 2)))
        let network = Sequential([Conv2d(1, 2, kernel: 4, stride: 2, padding: 1), ConvTranspose2d(2, 1, kernel: 4, stride: 2, padding: 1)])
        XCTAssertEqual(try network.outputGeometry(for: Geometry(channels: 1, height: 28, width: 28)),
                       Geometry(channels: 1, height: 28, width: 28))
    }
}
