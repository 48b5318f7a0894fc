import XCTest
@testable import IGNImage

/// Every malformed input ends in an ``ImageError``: no crash, no abort, no library text.
final class MalformedInputTests: XCTestCase {
    private func validPNG() throws -> [UInt8] { try testPattern().encoded(EncodeOptions(format: .png)) }
    private func validJPEG() throws -> [UInt8] { try testPattern().encoded(EncodeOptions(format: .jpeg)) }

    private func assertFails(_ bytes: [UInt8], _ label: String, limits: DecodeLimits = .default,
                             file: StaticString = #filePath, line: UInt = #line,
                             _ check: (ImageError) -> Bool = { _ in true }) {
        XCTAssertThrowsError(try Image.decode(bytes, limits: limits), label, file: file, line: line) { error in
            guard let error = error as? ImageError else { return XCTFail("\(label): \(error) is not an ImageError") }
            XCTAssertTrue(check(error), "\(label): unexpected \(error)", file: file, line: line)
            XCTAssertFalse(error.description.contains("\n"), label)
        }
    }

    func testEmptyRandomAndText() {
        assertFails([], "empty") { $0 == .empty }
        var generator = SystemRandomNumberGenerator()
        assertFails((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) } , "random") { $0 == .unknownFormat }
        assertFails(Array("hello, world\nthis is text\n".utf8), "text") { $0 == .unknownFormat }
    }

    func testTruncatedFilesOfEveryFormat() throws {
        let png = try validPNG(), jpeg = try validJPEG()
        let pnm = try testPattern().converted(to: .rgb).encoded(EncodeOptions(format: .pnm))
        for cut in [8, 20, 40, png.count / 2, png.count - 13] {
            assertFails(Array(png.prefix(cut)), "PNG cut at \(cut)") { if case .corrupt(.png, _) = $0 { return true }; return false }
        }
        for cut in [3, 30, jpeg.count / 2, jpeg.count - 2] {
            assertFails(Array(jpeg.prefix(cut)), "JPEG cut at \(cut)") { if case .corrupt(.jpeg, _) = $0 { return true }; return false }
        }
        for cut in [2, 8, pnm.count - 1] {
            assertFails(Array(pnm.prefix(cut)), "PNM cut at \(cut)") { if case .corrupt(.pnm, _) = $0 { return true }; return false }
        }
    }

    func testBadCRCInImageData() throws {
        var png = try validPNG()
        // Find IDAT and flip a bit of its CRC.
        var position = 8
        while position + 8 < png.count {
            let length = Int(png[position]) << 24 | Int(png[position + 1]) << 16 | Int(png[position + 2]) << 8 | Int(png[position + 3])
            if String(decoding: png[(position + 4)..<(position + 8)], as: UTF8.self) == "IDAT" {
                png[position + 8 + length] ^= 0x01
                break
            }
            position += 12 + length
        }
        assertFails(png, "bad IDAT CRC") { $0.description.contains("CRC") }
    }

    func testCorruptJPEGEntropyData() throws {
        var jpeg = try validJPEG()
        for index in (jpeg.count - 200)..<(jpeg.count - 2) { jpeg[index] = 0xFF }
        assertFails(jpeg, "garbage entropy data") { if case .corrupt(.jpeg, _) = $0 { return true }; return false }
    }

    func testBadNetpbmHeaders() {
        assertFails(Array("P5\n2 2\n0\n\0\0\0\0".utf8), "maxval 0")
        assertFails(Array("P5\n2 2\n70000\n".utf8) + [UInt8](repeating: 0, count: 8), "maxval too large")
        assertFails(Array("P5\n2 2\n100\n".utf8) + [1, 2, 3, 200], "sample above maxval")
        assertFails(Array("P5\n-2 2\n255\n\0\0\0\0".utf8), "negative width")
        assertFails(Array("P7\nWIDTH 1\nHEIGHT 1\nDEPTH 3\nMAXVAL 255\nTUPLTYPE GRAYSCALE\nENDHDR\n".utf8) + [0, 0, 0],
                    "depth contradicts tuple type")
        assertFails(Array("P7\nWIDTH 1\nHEIGHT 1\n".utf8), "PAM without ENDHDR")
        assertFails(Array("P3\n1 1\n255\n0 0 0\n".utf8), "plain PPM") { if case .unsupported = $0 { return true }; return false }
    }

    func testNineHundredMegapixelPNGBombIsRefusedFromTheHeader() throws {
        let url = Bundle.module.url(forResource: "bomb-30000x30000", withExtension: "png", subdirectory: "Fixtures")!
        let bomb = [UInt8](try Data(contentsOf: url))
        let start = Date()
        assertFails(bomb, "PNG bomb") { $0 == .tooLarge(width: 30000, height: 30000, limit: DecodeLimits.default.maxPixels) }
        XCTAssertThrowsError(try Image.info(bomb))
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    }

    func testJPEGHeaderClaiming60000SquaredIsRefused() throws {
        var jpeg = try validJPEG()
        var position = 2
        while position + 9 < jpeg.count {
            let marker = jpeg[position + 1], length = Int(jpeg[position + 2]) << 8 | Int(jpeg[position + 3])
            if marker == 0xC0 || marker == 0xC2 {
                jpeg[position + 5] = 0xEA; jpeg[position + 6] = 0x60   // height 60000
                jpeg[position + 7] = 0xEA; jpeg[position + 8] = 0x60   // width 60000
                break
            }
            position += 2 + length
        }
        let start = Date()
        assertFails(jpeg, "60000x60000 JPEG") { $0 == .tooLarge(width: 60000, height: 60000, limit: DecodeLimits.default.maxPixels) }
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    }

    func testMaxPixelsLimitAppliesToEveryFormat() throws {
        let small = DecodeLimits(maxPixels: 100)
        for format in ImageFormat.allCases {
            let encoded = try testPattern().converted(to: .rgb).encoded(EncodeOptions(format: format))
            assertFails(encoded, "\(format) over 100 pixels", limits: small) { $0 == .tooLarge(width: 13, height: 9, limit: 100) }
        }
    }

    func testProgressiveScanLimit() throws {
        let folder = try TemporaryFolder()
        let source = folder.path("source.png"), progressive = folder.path("progressive.jpg")
        try Data(testPattern().encoded(EncodeOptions(format: .png))).write(to: URL(fileURLWithPath: source))
        try ImageMagick.convert([source, "-interlace", "JPEG", progressive])
        let data = try bytes(of: progressive)
        XCTAssertNoThrow(try Image.decode(data))
        assertFails(data, "progressive JPEG over 2 scans", limits: DecodeLimits(maxScans: 2)) { $0.description.contains("scans") }
    }
}
