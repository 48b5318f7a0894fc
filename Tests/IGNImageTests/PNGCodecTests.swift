import XCTest
@testable import IGNImage

final class PNGCodecTests: XCTestCase {
    /// One PNG layout, made by ImageMagick from a 16-bit RGBA test pattern.
    struct Variant {
        var name: String
        /// Whether the variant converts the 16-bit RGBA test pattern (else `arguments` name their own source).
        var usesPattern = true
        var arguments: [String]
        var storage: String
        var bitDepth: Int
        var colorModel: ColorModel
        var interlaced = false
    }

    static let variants: [Variant] = {
        func gray(_ depth: Int) -> Variant {
            Variant(name: "gray\(depth)", arguments: ["-alpha", "off", "-colorspace", "gray", "-depth", "\(depth)",
                                                      "-define", "png:color-type=0", "-define", "png:bit-depth=\(depth)"],
                    storage: "gray", bitDepth: depth, colorModel: .gray)
        }
        func palette(_ depth: Int) -> Variant {
            Variant(name: "palette\(depth)", usesPattern: false,
                    arguments: ["-size", "13x9", "gradient:red-blue", "-alpha", "off", "-colors", "\(1 << depth)",
                                                         "-define", "png:color-type=3", "-define", "png:bit-depth=\(depth)"],
                    storage: "palette", bitDepth: depth, colorModel: .rgb)
        }
        func typed(_ name: String, _ type: Int, _ depth: Int, _ model: ColorModel, _ storage: String, extra: [String] = []) -> Variant {
            Variant(name: name, arguments: extra + ["-depth", "\(depth)", "-define", "png:color-type=\(type)",
                                                    "-define", "png:bit-depth=\(depth)"],
                    storage: storage, bitDepth: depth, colorModel: model)
        }
        var list = [1, 2, 4, 8, 16].map(gray) + [1, 2, 4, 8].map(palette)
        list += [typed("graya8", 4, 8, .grayAlpha, "gray+alpha", extra: ["-colorspace", "gray"]),
                 typed("graya16", 4, 16, .grayAlpha, "gray+alpha", extra: ["-colorspace", "gray"]),
                 typed("rgb8", 2, 8, .rgb, "RGB", extra: ["-alpha", "off"]),
                 typed("rgb16", 2, 16, .rgb, "RGB", extra: ["-alpha", "off"]),
                 typed("rgba8", 6, 8, .rgba, "RGBA"),
                 typed("rgba16", 6, 16, .rgba, "RGBA")]
        list.append(Variant(name: "palette-trns", arguments: ["-channel", "A", "-threshold", "50%", "+channel", "-colors", "8"],
                            storage: "palette", bitDepth: 8, colorModel: .rgba))
        var adam7 = typed("adam7-rgba8", 6, 8, .rgba, "RGBA", extra: ["-interlace", "PNG"])
        adam7.interlaced = true
        var adam7Gray = gray(2)
        adam7Gray.name = "adam7-gray2"
        adam7Gray.arguments = ["-interlace", "PNG"] + adam7Gray.arguments
        adam7Gray.interlaced = true
        return list + [adam7, adam7Gray]
    }()

    func testEveryColorTypeAndBitDepthMatchesImageMagick() throws {
        let folder = try TemporaryFolder()
        let source = folder.path("source.png")
        try Data(testPattern().encoded(EncodeOptions(format: .png, bitDepth: 16))).write(to: URL(fileURLWithPath: source))
        for variant in Self.variants {
            let prefix = variant.name == "palette-trns" ? "PNG8:" : ""
            let path = folder.path("\(variant.name).png")
            try ImageMagick.convert((variant.usesPattern ? [source] : []) + variant.arguments + [prefix + path])
            let decoded = try Image.decode(bytes(of: path))
            XCTAssertEqual(decoded.info.format, .png, variant.name)
            XCTAssertEqual(decoded.info.storage, variant.storage, variant.name)
            XCTAssertEqual(decoded.info.bitDepth, variant.bitDepth, variant.name)
            XCTAssertEqual(decoded.image.colorModel, variant.colorModel, variant.name)
            XCTAssertEqual(decoded.info.interlaced, variant.interlaced, variant.name)
            XCTAssertEqual(decoded.image.bitDepth, variant.bitDepth == 16 ? 16 : 8, variant.name)
            // Within one 8-bit level of ImageMagick; 16-bit files within one 16-bit level.
            let tolerance = variant.bitDepth == 16 ? 1 : 257
            XCTAssertLessThanOrEqual(try ImageMagick.maxDifference(decoded.image, path), tolerance, variant.name)
            XCTAssertEqual(try Image.info(bytes(of: path)), decoded.info, variant.name)
        }
    }

    func testPaletteTransparencyBecomesAlpha() throws {
        let folder = try TemporaryFolder()
        let source = folder.path("source.png")
        try Data(testPattern().encoded(EncodeOptions(format: .png))).write(to: URL(fileURLWithPath: source))
        let path = folder.path("trns.png")
        try ImageMagick.convert([source, "-channel", "A", "-threshold", "50%", "+channel", "PNG8:" + path])
        let image = try Image.decode(bytes(of: path)).image
        let alphas = Set(stride(from: 3, to: image.samples.count, by: 4).map { image.samples[$0] })
        XCTAssertEqual(alphas, [0, 65535])
    }

    func testRoundTripEveryLayoutAtBothDepths() throws {
        let pattern = try testPattern()
        for model in ColorModel.allCases {
            let image = pattern.converted(to: model)
            let sixteen = try Image.decode(image.encoded(EncodeOptions(format: .png, bitDepth: 16))).image
            XCTAssertEqual(sixteen.samples, image.samples, "16-bit \(model)")
            XCTAssertEqual(sixteen.colorModel, model)
            let eight = try Image.decode(image.encoded(EncodeOptions(format: .png, bitDepth: 8))).image
            XCTAssertEqual(eight.samples, image.samples.map { UInt16(SampleScale.narrow($0)) * 257 }, "8-bit \(model)")
            XCTAssertEqual(eight.bitDepth, 8)
        }
    }
}
