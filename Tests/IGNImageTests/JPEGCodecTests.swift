import CLibJPEG
import XCTest
@testable import IGNImage

final class JPEGCodecTests: XCTestCase {
    private var folder: TemporaryFolder!
    private var source: String!

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
        source = folder.path("source.png")
        try Data(testPattern(width: 33, height: 21).flattened().encoded(EncodeOptions(format: .png)))
            .write(to: URL(fileURLWithPath: source))
    }

    /// Makes a JPEG with ImageMagick, decodes it with ours, compares with ImageMagick's decoding.
    private func check(_ name: String, _ arguments: [String], storage: String, model: ColorModel,
                       progressive: Bool = false, tolerance: Int = 3 * 257) throws {
        let path = folder.path(name + ".jpg")
        try ImageMagick.convert([source] + arguments + [path])
        let decoded = try Image.decode(bytes(of: path))
        XCTAssertEqual(decoded.info.storage, storage, name)
        XCTAssertEqual(decoded.image.colorModel, model, name)
        XCTAssertEqual(decoded.info.interlaced, progressive, name)
        XCTAssertEqual(decoded.image.width, 33, name)
        XCTAssertLessThanOrEqual(try ImageMagick.maxDifference(decoded.image, path), tolerance, name)
    }

    func testVariantsMatchImageMagick() throws {
        try check("baseline420", ["-sampling-factor", "2x2", "-quality", "85"], storage: "YCbCr", model: .rgb)
        try check("baseline444", ["-sampling-factor", "1x1", "-quality", "95"], storage: "YCbCr", model: .rgb)
        try check("progressive", ["-interlace", "JPEG"], storage: "YCbCr", model: .rgb, progressive: true)
        try check("gray", ["-colorspace", "gray"], storage: "gray", model: .gray)
        try check("ycck", ["-colorspace", "CMYK"], storage: "YCCK", model: .rgb)
    }

    func testAdobeInvertedAndPlainCMYK() throws {
        // ImageMagick only writes YCCK, so write plain 4-channel CMYK through libjpeg directly.
        let cmyk: [UInt8] = [0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 0, 0, 128, 40, 80, 120, 30, 200, 10, 60, 0]
        let withAdobe = writeCMYK(cmyk, width: 7, height: 1)
        let path = folder.path("cmyk.jpg")
        try Data(withAdobe).write(to: URL(fileURLWithPath: path))
        let inverted = try Image.decode(withAdobe)
        XCTAssertEqual(inverted.info.storage, "CMYK")
        XCTAssertLessThanOrEqual(try ImageMagick.maxDifference(inverted.image, path), 3 * 257, "Adobe CMYK")

        // Without the Adobe APP14 segment, the samples are plain (not inverted) CMYK.
        let plain = removingSegment(0xEE, from: withAdobe)
        let image = try Image.decode(plain).image
        for pixel in 0..<7 {
            let black = Float(cmyk[4 * pixel + 3])
            for channel in 0..<3 {
                let expected = (255 - Float(cmyk[4 * pixel + channel])) * (255 - black) / 255
                XCTAssertEqual(Float(SampleScale.narrow(image[pixel, 0, channel])), expected, accuracy: 4, "pixel \(pixel)")
            }
        }
    }

    func testRoundTripKeepsColourAndGray() throws {
        // Smooth gradients: JPEG's 4:2:0 subsampling is lossy on the test pattern's high-frequency channel.
        var samples: [UInt16] = []
        for y in 0..<24 { for x in 0..<32 { samples += [UInt16(x * 2000), UInt16(y * 2500), UInt16((x + y) * 1000)] } }
        let pattern = try Image(width: 32, height: 24, colorModel: .rgb, samples: samples)
        for model in [ColorModel.rgb, .gray] {
            let image = pattern.converted(to: model)
            let decoded = try Image.decode(image.encoded(EncodeOptions(format: .jpeg, quality: 95)))
            XCTAssertEqual(decoded.info.format, .jpeg)
            XCTAssertEqual(decoded.image.colorModel, model)
            let error = zip(decoded.image.samples, image.samples).map { abs(Int($0) - Int($1)) }.reduce(0, +)
                / image.samples.count
            XCTAssertLessThan(error, 4 * 257, "mean error for \(model)")
        }
    }

    func testQualityChangesSize() throws {
        let image = try testPattern(width: 64, height: 64).flattened()
        let low = try image.encoded(EncodeOptions(format: .jpeg, quality: 10))
        let high = try image.encoded(EncodeOptions(format: .jpeg, quality: 100))
        XCTAssertLessThan(low.count, high.count)
    }

    func testAlphaIsFlattenedOntoTheBackgroundForJPEG() throws {
        let transparent = try Image(width: 8, height: 8, colorModel: .rgba, fill: [0, 0, 0, 0])
        let encoded = try transparent.encoded(EncodeOptions(format: .jpeg, background: RGBColor(red8: 255, green8: 0, blue8: 0)))
        let image = try Image.decode(encoded).image
        XCTAssertEqual(image.colorModel, .rgb)
        XCTAssertGreaterThan(image[4, 4, 0], 64000)
        XCTAssertLessThan(image[4, 4, 1], 1500)
    }

    // MARK: Helpers

    /// A CMYK JPEG written by libjpeg itself (it adds an Adobe marker with transform 0).
    private func writeCMYK(_ samples: [UInt8], width: Int, height: Int) -> [UInt8] {
        var encoder = jpeg_compress_struct()
        var errors = jpeg_error_mgr()
        encoder.err = jpeg_std_error(&errors)
        jpeg_CreateCompress(&encoder, JPEG_LIB_VERSION, MemoryLayout<jpeg_compress_struct>.size)
        var buffer: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        jpeg_mem_dest(&encoder, &buffer, &size)
        encoder.image_width = JDIMENSION(width)
        encoder.image_height = JDIMENSION(height)
        encoder.input_components = 4
        encoder.in_color_space = JCS_CMYK
        jpeg_set_defaults(&encoder)
        jpeg_set_quality(&encoder, 100, 1)
        jpeg_start_compress(&encoder, 1)
        var rows = samples
        rows.withUnsafeMutableBufferPointer { pointer in
            for row in 0..<height {
                var line: JSAMPROW? = pointer.baseAddress! + row * width * 4
                jpeg_write_scanlines(&encoder, &line, 1)
            }
        }
        jpeg_finish_compress(&encoder)
        jpeg_destroy_compress(&encoder)
        defer { free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(size)))
    }

    /// The JPEG without its first marker segment of type `marker`.
    private func removingSegment(_ marker: UInt8, from jpeg: [UInt8]) -> [UInt8] {
        var position = 2
        while position + 4 < jpeg.count {
            let length = Int(jpeg[position + 2]) << 8 | Int(jpeg[position + 3])
            if jpeg[position + 1] == marker {
                return Array(jpeg[..<position] + jpeg[(position + 2 + length)...])
            }
            position += 2 + length
        }
        XCTFail("no marker \(marker)")
        return jpeg
    }
}
