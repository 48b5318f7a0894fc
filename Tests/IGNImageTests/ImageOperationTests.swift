import XCTest
@testable import IGNImage

final class ImageOperationTests: XCTestCase {
    private func gray(_ width: Int, _ height: Int, _ values: [UInt8]) throws -> Image {
        try Image(width: width, height: height, colorModel: .gray, samples: values.map { UInt16($0) * 257 })
    }

    func testShrinkingAveragesAreas() throws {
        let image = try gray(4, 2, [0, 100, 200, 40, 20, 60, 0, 0])
        let half = try image.resized(width: 2, height: 1)
        XCTAssertEqual(half.samples.map(SampleScale.narrow), [45, 60])
        let third = try gray(3, 1, [30, 60, 90]).resized(width: 2, height: 1)
        // Output pixel 0 covers source [0, 1.5): (30 + 0.5 * 60) / 1.5 = 40.
        XCTAssertEqual(third.samples.map(SampleScale.narrow), [40, 80])
    }

    func testEnlargingInterpolatesBilinearly() throws {
        let wide = try gray(2, 1, [0, 200]).resized(width: 4, height: 1)
        XCTAssertEqual(wide.samples.map(SampleScale.narrow), [0, 50, 150, 200])
        let tall = try gray(1, 1, [77]).resized(width: 3, height: 5)
        XCTAssertEqual(Set(tall.samples.map(SampleScale.narrow)), [77])
    }

    func testResizingWeightsColourByAlpha() throws {
        // An opaque red pixel beside a transparent green one: no green bleeds into the result.
        let image = try Image(width: 2, height: 1, colorModel: .rgba, samples: [65535, 0, 0, 65535, 0, 65535, 0, 0])
        let one = try image.resized(width: 1, height: 1)
        XCTAssertEqual(Array(one.samples), [65535, 0, 0, 32768])
    }

    func testResizeRejectsEmptyTargets() throws {
        XCTAssertThrowsError(try gray(1, 1, [0]).resized(width: 0, height: 3))
    }

    func testGrayAndColourConversions() throws {
        let rgb = try Image(width: 1, height: 1, colorModel: .rgb, samples: [65535, 0, 0])
        XCTAssertEqual(SampleScale.narrow(rgb.converted(to: .gray).samples[0]), 76)   // 0.299 * 255
        let grayImage = try gray(2, 1, [10, 250])
        XCTAssertEqual(grayImage.converted(to: .rgb).converted(to: .gray), grayImage)
        XCTAssertEqual(grayImage.converted(to: .rgba).samples, [2570, 2570, 2570, 65535, 64250, 64250, 64250, 65535])
    }

    func testFlattenOntoBackground() throws {
        let half = try Image(width: 1, height: 1, colorModel: .grayAlpha, samples: [0, 32768])
        let flat = half.flattened(onto: .white)
        XCTAssertEqual(flat.colorModel, .gray)
        XCTAssertEqual(SampleScale.narrow(flat.samples[0]), 127)
        let onBlue = try Image(width: 1, height: 1, colorModel: .rgba, samples: [0, 0, 0, 0]).flattened(onto: RGBColor(parsing: "#00f")!)
        XCTAssertEqual(onBlue.samples, [0, 0, 65535])
    }

    func testColorParsing() {
        XCTAssertEqual(RGBColor(parsing: "white"), .white)
        XCTAssertEqual(RGBColor(parsing: "#FF8000"), RGBColor(red8: 255, green8: 128, blue8: 0))
        XCTAssertEqual(RGBColor(parsing: "10, 20,30"), RGBColor(red8: 10, green8: 20, blue8: 30))
        XCTAssertNil(RGBColor(parsing: "#12345"))
        XCTAssertNil(RGBColor(parsing: "300,0,0"))
        XCTAssertNil(RGBColor(parsing: "mauve-ish"))
    }

    func testNormalizedPlanarLayoutAndRoundTrip() throws {
        let image = try Image(width: 2, height: 1, colorModel: .rgb, samples: [0, 65535, 0, 65535, 0, 65535])
        let planar = image.normalizedPlanar()
        XCTAssertEqual(planar, [-1, 1, 1, -1, -1, 1])   // R plane, G plane, B plane
        XCTAssertEqual(try Image(normalizedPlanar: planar, width: 2, height: 1, colorModel: .rgb), image)
        let clamped = try Image(normalizedPlanar: [-3, 0, 7], width: 3, height: 1, colorModel: .gray)
        XCTAssertEqual(clamped.samples, [0, 32768, 65535])
        XCTAssertThrowsError(try Image(normalizedPlanar: [0, 0], width: 3, height: 1, colorModel: .gray))
    }

    func testFormatIsSniffedFromBytesNotNames() throws {
        let png = try testPattern().encoded(EncodeOptions(format: .png))
        XCTAssertEqual(ImageFormat.sniff(png), .png)
        XCTAssertEqual(ImageFormat.sniff(try testPattern().flattened().encoded(EncodeOptions(format: .jpeg))), .jpeg)
        XCTAssertEqual(ImageFormat.sniff(Array("P6\n".utf8)), .pnm)
        XCTAssertNil(ImageFormat.sniff(Array("GIF89a".utf8)))
        XCTAssertEqual(ImageFormat(fileExtension: "JPG"), .jpeg)
        XCTAssertEqual(ImageFormat(fileExtension: "pam"), .pnm)
        XCTAssertNil(ImageFormat(fileExtension: "gif"))
    }
}
