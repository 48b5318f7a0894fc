import XCTest
@testable import IGNImage

final class ExifOrientationTests: XCTestCase {
    /// An APP1 segment holding only the orientation tag, in either byte order.
    static func exifSegment(orientation: Int, bigEndian: Bool) -> [UInt8] {
        func u16(_ value: Int) -> [UInt8] { bigEndian ? [UInt8(value >> 8), UInt8(value & 0xFF)] : [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func u32(_ value: Int) -> [UInt8] { bigEndian ? u16(value >> 16) + u16(value & 0xFFFF) : u16(value & 0xFFFF) + u16(value >> 16) }
        let tiff = (bigEndian ? Array("MM".utf8) : Array("II".utf8)) + u16(42) + u32(8)
            + u16(1) + u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0) + u32(0)
        let payload = Array("Exif\0\0".utf8) + tiff
        let length = payload.count + 2
        return [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    func testAllEightOrientationsMatchImageMagickAutoOrient() throws {
        let folder = try TemporaryFolder()
        let plain = try testPattern(width: 6, height: 4).flattened().encoded(EncodeOptions(format: .jpeg, quality: 100))
        for orientation in 1...8 {
            let tagged = Array(plain[0..<2]) + Self.exifSegment(orientation: orientation, bigEndian: orientation % 2 == 0)
                + Array(plain[2...])
            let path = folder.path("o\(orientation).jpg")
            try Data(tagged).write(to: URL(fileURLWithPath: path))
            XCTAssertEqual(ExifOrientation.read(fromJPEG: tagged).rawValue, orientation)
            let decoded = try Image.decode(tagged)
            let upright = orientation >= 5 ? (4, 6) : (6, 4)
            XCTAssertEqual(decoded.image.width, upright.0, "orientation \(orientation)")
            XCTAssertEqual(decoded.image.height, upright.1, "orientation \(orientation)")
            XCTAssertEqual(decoded.info.width, upright.0, "info width, orientation \(orientation)")
            XCTAssertLessThanOrEqual(try ImageMagick.maxDifference(decoded.image, path, autoOrient: true), 2 * 257,
                                     "orientation \(orientation)")
        }
    }

    func testMissingOrMalformedExifMeansUpright() {
        XCTAssertEqual(ExifOrientation.read(fromJPEG: [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02]), .up)
        XCTAssertEqual(ExifOrientation.read(fromJPEG: [0xFF, 0xD8] + [0xFF, 0xE1, 0x00, 0x08] + Array("Exif\0\0".utf8)), .up)
        XCTAssertNil(ExifOrientation.fromExifSegment(Array("Exif\0\0XX\0*\0\0\0\u{8}".utf8)))
    }
}
