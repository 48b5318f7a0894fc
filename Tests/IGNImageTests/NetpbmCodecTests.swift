import XCTest
@testable import IGNImage

final class NetpbmCodecTests: XCTestCase {
    func testEveryVariantMatchesImageMagick() throws {
        let folder = try TemporaryFolder()
        let source = folder.path("source.png")
        try Data(testPattern().encoded(EncodeOptions(format: .png, bitDepth: 16))).write(to: URL(fileURLWithPath: source))
        let cases: [(name: String, arguments: [String], model: ColorModel, depth: Int)] = [
            ("gray8.pgm", ["-alpha", "off", "-colorspace", "gray", "-depth", "8"], .gray, 8),
            ("gray16.pgm", ["-alpha", "off", "-colorspace", "gray", "-depth", "16"], .gray, 16),
            ("rgb8.ppm", ["-alpha", "off", "-depth", "8"], .rgb, 8),
            ("rgb16.ppm", ["-alpha", "off", "-depth", "16"], .rgb, 16),
            ("rgba8.pam", ["-depth", "8"], .rgba, 8),
            ("rgba16.pam", ["-depth", "16"], .rgba, 16),
            ("graya8.pam", ["-colorspace", "gray", "-depth", "8"], .grayAlpha, 8),
            ("gray-pam.pam", ["-alpha", "off", "-colorspace", "gray", "-depth", "8"], .gray, 8),
            ("rgb-pam.pam", ["-alpha", "off", "-depth", "8"], .rgb, 8),
        ]
        for item in cases {
            let path = folder.path(item.name)
            try ImageMagick.convert([source] + item.arguments + [path])
            let decoded = try Image.decode(bytes(of: path))
            XCTAssertEqual(decoded.info.format, .pnm, item.name)
            XCTAssertEqual(decoded.image.colorModel, item.model, item.name)
            XCTAssertEqual(decoded.info.bitDepth, item.depth, item.name)
            XCTAssertLessThanOrEqual(try ImageMagick.maxDifference(decoded.image, path), item.depth == 16 ? 1 : 257, item.name)
        }
    }

    func testOddMaxvalCommentsAndHeaderWhitespace() throws {
        let bytes = Array("P5 # comment\n3\t1 # width and height\n1000\n".utf8) + [0, 0, 0x01, 0xF4, 0x03, 0xE8]
        let image = try Image.decode(bytes).image
        XCTAssertEqual(image.samples, [0, 32768, 65535])
        XCTAssertEqual(image.bitDepth, 16)
    }

    func testRoundTripChoosesPGMPPMOrPAM() throws {
        let pattern = try testPattern()
        let magic: [ColorModel: String] = [.gray: "P5", .rgb: "P6", .grayAlpha: "P7", .rgba: "P7"]
        for model in ColorModel.allCases {
            let image = pattern.converted(to: model)
            for depth in [8, 16] {
                let encoded = try image.encoded(EncodeOptions(format: .pnm, bitDepth: depth))
                XCTAssertEqual(String(decoding: encoded.prefix(2), as: UTF8.self), magic[model])
                let decoded = try Image.decode(encoded).image
                let expected = depth == 16 ? image.samples : image.samples.map { UInt16(SampleScale.narrow($0)) * 257 }
                XCTAssertEqual(decoded.samples, expected, "\(model) at \(depth) bits")
            }
            let pam = try image.encoded(EncodeOptions(format: .pnm, netpbmVariant: .pam))
            XCTAssertEqual(String(decoding: pam.prefix(2), as: UTF8.self), "P7")
            XCTAssertEqual(try Image.decode(pam).image.colorModel, model)
            let ppm = try image.encoded(EncodeOptions(format: .pnm, netpbmVariant: .ppm))
            XCTAssertEqual(String(decoding: ppm.prefix(2), as: UTF8.self), "P6")
            XCTAssertEqual(try Image.decode(ppm).image.colorModel, .rgb)
        }
    }
}
