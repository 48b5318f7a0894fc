import Foundation
@testable import IGN
import IGNTestSupport
import IGNNeural
import XCTest

/// Model files whose architecture names absurd sizes are refused in one line naming the
/// layer, before anything is built or run (issue 12, part 5).
final class ModelSizeLimitTests: XCTestCase {
    private func conv(_ i: Int, _ o: Int, k: Int = 1, s: Int = 1, p: Int = 0, transposed: Bool = false) -> String {
        "{\"type\":\"\(transposed ? "ConvTranspose2d" : "Conv2d")\",\"in_channels\":\(i),\"out_channels\":\(o),"
            + "\"kernel_size\":\(k),\"stride\":\(s),\"padding\":\(p),\"bias\":false}"
    }

    /// A model file with this encoder and decoder: with every weight the architecture names
    /// (`weights`, for small ones), or with one stray value (the checks come before weights).
    private func file(encoder: [String], decoder: [String], weights: Bool = false,
                      image: String? = nil) throws -> SafeTensors {
        let json = "{\"type\":\"Sequential\",\"layers\":[{\"type\":\"Sequential\",\"layers\":["
            + encoder.joined(separator: ",") + "]},{\"type\":\"Sequential\",\"layers\":["
            + decoder.joined(separator: ",") + "]}]}"
        var metadata = [ModelFile.architectureKey: json]
        metadata["ign.image"] = image
        let tensors = weights ? try LayerSpec(jsonText: json).makeLayer().weightTensors
            : [("stray", Tensor(shape: [1], scalars: [0]))]
        return try SafeTensors(data: SafeTensors.encode(tensors, metadata: metadata, dtype: .f32))
    }

    private func assertRefused(_ file: SafeTensors, _ expected: String, line: UInt = #line) {
        XCTAssertThrowsError(try IGNModel.load(file), line: line) { error in
            XCTAssertTrue("\(error)".contains(expected), "\(error)", line: line)
            XCTAssertFalse("\(error)".contains("\n"), line: line)
        }
    }

    func testAbsurdChannelsKernelsStridesAndPaddingAreNamedByLayer() throws {
        let relu = "{\"type\":\"ReLU\"}"
        assertRefused(try file(encoder: [conv(1, 8)], decoder: [relu, relu, relu, conv(8, 10_000_000, transposed: true)]),
                      "decoder layer 3 (ConvTranspose2d): 10000000 output channels is absurd (at most 65536)")
        assertRefused(try file(encoder: [conv(100_000, 8)], decoder: [conv(8, 1, transposed: true)]),
                      "encoder layer 0 (Conv2d): 100000 input channels is absurd")
        assertRefused(try file(encoder: [conv(1, 1, k: 1000)], decoder: [conv(1, 1, transposed: true)]),
                      "encoder layer 0 (Conv2d): 1000 kernel size is absurd (at most 64)")
        assertRefused(try file(encoder: [conv(1, 1), conv(1, 1, p: 500)], decoder: []),
                      "encoder layer 1 (Conv2d): 500 padding is absurd")
        let norm = "{\"type\":\"BatchNorm2d\",\"num_features\":1000000,\"eps\":1e-05,\"momentum\":0.1}"
        assertRefused(try file(encoder: [conv(1, 1)], decoder: [norm]), "decoder layer 0 (BatchNorm2d): 1000000 channels")
        let zeroEps = "{\"type\":\"BatchNorm2d\",\"num_features\":1,\"eps\":0,\"momentum\":0.1}"
        assertRefused(try file(encoder: [conv(1, 1)], decoder: [zeroEps]), "decoder layer 0 (BatchNorm2d): eps 0.0 is absurd")
    }

    /// Before the check, this 700-byte file crashed every model command (SIGILL, exit 132):
    /// geometry inference tried image sizes 1, 2, 3, … and at 3 multiplied the sizes of four
    /// transposed convolutions with stride 2^20 until an Int overflowed.
    func testStridesThatWouldOverflowTheSizesAreRefusedNotACrash() throws {
        let huge = conv(1, 1, s: 1 << 20, transposed: true)
        assertRefused(try file(encoder: [conv(1, 1, k: 2)], decoder: [huge, huge, huge, huge], weights: true),
                      "decoder layer 0 (ConvTranspose2d): 1048576 stride is absurd (at most 64)")
        let wide = conv(1, 1, k: 2, s: 64, transposed: true)
        assertRefused(try file(encoder: [conv(1, 1)], decoder: [wide, wide, wide], weights: true),
                      "decoder layer 1 (ConvTranspose2d): its output would be 2093122×2093122 for a 512×512 input: absurd")
    }

    func testTooManyParametersOrLayersAreRefusedBeforeAnythingIsBuilt() throws {
        let big = conv(65536, 65536)
        assertRefused(try file(encoder: [conv(1, 65536), big], decoder: [conv(65536, 1, transposed: true)]),
                      "encoder layer 1 (Conv2d): the network reaches 4295032832 parameters here, more than 300 million: absurd")
        let relus = [String](repeating: "{\"type\":\"ReLU\"}", count: 1200)
        assertRefused(try file(encoder: [conv(1, 1)], decoder: relus), "more than 1000 layers: absurd")
    }

    func testHeadersAndDescriptionsLongerThanAnyModelsAreRefusedBeforeParsing() throws {
        // 100,000 ReLUs: 1.6 MB of architecture JSON (327 MB and 0.8 s to parse, before).
        let relus = [String](repeating: "{\"type\":\"ReLU\"}", count: 100_000)
        assertRefused(try file(encoder: [conv(1, 1)], decoder: relus), "the architecture description is 1600201 bytes, more than 1048576: absurd")
        // A header claiming 60 MB (900,000 empty tensors took 15 s and 630 MB to parse, before).
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("long-header.safetensors")
        try Data([0x00, 0x00, 0x94, 0x03, 0, 0, 0, 0] + Array("{}".utf8)).write(to: url)
        XCTAssertThrowsError(try IGNModel.load(contentsOf: url)) {
            XCTAssertTrue("\($0)".contains("the safetensors header is 60030976 bytes, more than any model's"), "\($0)")
        }
        XCTAssertThrowsError(try Latent(fileBytes: [0x00, 0x00, 0x94, 0x03, 0, 0, 0, 0] + Array("{}".utf8))) {
            XCTAssertTrue("\($0)".contains("header is longer than 1 MiB"), "\($0)")
        }
    }

    func testLayerOutputsTooLargeForOneImageAreRefused() throws {
        // 64 channels of 16384×16384 for one image: 17 billion values.
        let file = try file(encoder: [conv(1, 64)], decoder: [conv(64, 1, transposed: true)], weights: true,
                            image: "1x16384x16384")
        assertRefused(file, "encoder layer 0 (Conv2d): its output for one 1×16384×16384 image would be 64×16384×16384: absurd")
    }

    func testTheReferenceLayoutsAndTheBundledModelPass() throws {
        for architecture in Architecture.allCases {
            XCTAssertNoThrow(try IGNModel.checkArchitecture(architecture.network(width: 1), side: 512))
            XCTAssertNoThrow(try IGNModel.checkArchitecture(architecture.network(width: 4), side: 512))
        }
        XCTAssertNoThrow(try ModelLocator.load(nil, environment: [:]))
    }
}
