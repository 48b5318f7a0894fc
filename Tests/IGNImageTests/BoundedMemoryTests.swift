import Foundation
import XCTest
import CImageCodecs
@testable import IGNImage

/// The memory budget, the PNG chunk limits, the JPEG scan limit, and the streaming
/// operations that replaced whole-image copies (issue 12, part 4).
final class BoundedMemoryTests: XCTestCase {
    private func fixture(_ name: String) throws -> [UInt8] {
        let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")!
        return [UInt8](try Data(contentsOf: url))
    }

    /// A PNG: signature, IHDR, `extra` chunks, image data (`idat`, or zero rows), IEND.
    private func png(width: Int, height: Int, depth: UInt8 = 8, colorType: UInt8 = 0, interlaced: Bool = false,
                     extra: [UInt8] = [], idat: [UInt8]? = nil) -> [UInt8] {
        let channels = [0: 1, 2: 3, 4: 2, 6: 4][Int(colorType)]!
        let data = idat ?? PNGChunk.stored([UInt8](repeating: 0, count: height * (1 + width * channels * Int(depth) / 8)))
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + PNGChunk.make("IHDR", PNGChunk.u32(width) + PNGChunk.u32(height) + [depth, colorType, 0, 0, interlaced ? 1 : 0])
            + extra + PNGChunk.make("IDAT", data) + PNGChunk.make("IEND", [])
    }

    // MARK: the budget

    func testImagesOverTheMemoryBudgetAreRefusedFromTheHeaderNamingTheBudget() throws {
        // 4000×4000 RGBA 16-bit: 122 MiB of samples from a file of a few kilobytes.
        let bytes = png(width: 4000, height: 4000, depth: 16, colorType: 6, idat: [])   // refused before IDAT is read
        let start = Date()
        XCTAssertThrowsError(try Image.decode(bytes, limits: DecodeLimits(maxMemory: 100 << 20))) { error in
            guard case let .overMemoryBudget(width, height, model, needed, budget, working) = error as? ImageError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual([width, height, budget], [4000, 4000, 100 << 20])
            XCTAssertFalse(working)
            XCTAssertEqual(model, .rgba)
            XCTAssertGreaterThan(needed, 4000 * 4000 * 4 * 2)
            XCTAssertEqual((error as! ImageError).description, "image is 4000x4000 rgba: decoding it needs \(ImageError.mebibytes(needed)), "
                           + "over the memory budget of 100 MiB (see --max-memory)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 0.5, "refused before any pixel is decoded")
        XCTAssertNoThrow(try Image.info(bytes, limits: DecodeLimits(maxMemory: 100 << 20)), "info needs no budget")
    }

    /// The estimate `-j` workers reserve is the one the budget is checked against: what
    /// decoding takes plus the command's working set beyond one result of the image's size.
    func testTheEstimateIsWhatTheCheckCountsWithTheWorkingSet() throws {
        let image = try testPattern(width: 64, height: 48)
        for format in ImageFormat.allCases {
            let encoded = try image.encoded(EncodeOptions(format: format))
            let needed = try Image.memoryNeeded(encoded)
            XCTAssertNoThrow(try Image.decode(encoded, limits: DecodeLimits(maxMemory: needed)), "\(format)")
            XCTAssertThrowsError(try Image.decode(encoded, limits: DecodeLimits(maxMemory: needed - 1)), "\(format)")
            // 10 bytes a pixel held: 2 per sample (a result of the image's size) are allowed for.
            let model: ColorModel = format == .jpeg ? .rgb : .rgba
            let working = WorkingSet { _ in 10 }
            let limits = DecodeLimits(maxMemory: 1 << 30, workingSet: working)
            XCTAssertEqual(try Image.memoryNeeded(encoded, limits: limits), needed + 64 * 48 * (10 - 2 * model.channelCount))
            XCTAssertThrowsError(try Image.decode(encoded, limits: DecodeLimits(maxMemory: needed, workingSet: working))) { error in
                XCTAssertTrue("\(error)".contains("decoding and working on it need"), "\(error)")
            }
        }
        XCTAssertEqual(WorkingSet { $0 == .gray ? 2 : 4 }, .none, "within the allowance: nothing extra")
        XCTAssertEqual(WorkingSet { _ in 6 }.bytes(width: 10, height: 10, colorModel: .gray), 400)
        XCTAssertEqual(WorkingSet { _ in 6 }.bytes(width: 10, height: 10, colorModel: .rgb), 0)
    }

    func testTheEstimateCoversWhatEachFormatAllocates() throws {
        let image = try testPattern(width: 64, height: 48)
        let samples = 64 * 48 * 4 * 2
        for format in ImageFormat.allCases {
            let encoded = try image.encoded(EncodeOptions(format: format))
            let decodedModel: ColorModel = format == .jpeg ? .rgb : .rgba
            let least = encoded.count + 64 * 48 * decodedModel.channelCount * 2
            // Just below the samples and the file: refused; with room to spare: decoded.
            XCTAssertThrowsError(try Image.decode(encoded, limits: DecodeLimits(maxMemory: least - 1)), "\(format)")
            XCTAssertNoThrow(try Image.decode(encoded, limits: DecodeLimits(maxMemory: least + samples + (4 << 20))), "\(format)")
        }
    }

    func testProgressiveJPEGsCountTheirCoefficientBuffers() throws {
        let folder = try TemporaryFolder()
        let source = folder.path("source.png"), baseline = folder.path("b.jpg"), progressive = folder.path("p.jpg")
        try Data(testPattern(width: 1024, height: 1024).encoded(EncodeOptions(format: .png))).write(to: URL(fileURLWithPath: source))
        try ImageMagick.convert([source, "-alpha", "off", "-sampling-factor", "1x1", baseline])
        try ImageMagick.convert([source, "-alpha", "off", "-sampling-factor", "1x1", "-interlace", "JPEG", progressive])
        // Samples: 6 MiB; coefficients of a progressive file: another 6 MiB.
        let limits = DecodeLimits(maxMemory: 9 << 20)
        XCTAssertNoThrow(try Image.decode(bytes(of: baseline), limits: limits))
        XCTAssertThrowsError(try Image.decode(bytes(of: progressive), limits: limits)) { error in
            guard case .overMemoryBudget = error as? ImageError else { return XCTFail("\(error)") }
        }
        XCTAssertNoThrow(try Image.decode(bytes(of: progressive), limits: DecodeLimits(maxMemory: 16 << 20)))
    }

    func testNetpbmFilesCountTheirBytesAndSamples() throws {
        let pgm = Array("P5\n1000 1000\n255\n".utf8) + [UInt8](repeating: 7, count: 1_000_000)
        XCTAssertThrowsError(try Image.decode(pgm, limits: DecodeLimits(maxMemory: 2_900_000)))
        XCTAssertEqual(try Image.decode(pgm, limits: DecodeLimits(maxMemory: 3_100_000)).image.samples[0], 7 * 257)
        // A header claiming 64 Mpx over 1 KB of samples is refused by the budget, then as truncated.
        let truncated = Array("P6\n8000 8000\n65535\n".utf8) + [UInt8](repeating: 0, count: 1024)
        XCTAssertThrowsError(try Image.decode(truncated)) { XCTAssertTrue("\($0)".contains("memory budget"), "\($0)") }
        XCTAssertThrowsError(try Image.decode(truncated, limits: DecodeLimits(maxMemory: 1 << 30))) {
            XCTAssertTrue("\($0)".contains("truncated"), "\($0)")
        }
    }

    // MARK: PNG chunks

    func testAncillaryChunksAreSkippedUnreadIncludingDecompressionBombs() throws {
        // A zTXt and an iCCP chunk that each inflate to 64 MiB, 20,000 tEXt chunks, an unknown
        // chunk, and an ancillary chunk with a wrong CRC: the 16×16 image decodes, quickly.
        let bomb = try zlibOfZeros(64 << 20)
        let extra = PNGChunk.make("zTXt", Array("Comment".utf8) + [0, 0] + bomb)
            + PNGChunk.make("iCCP", Array("icc".utf8) + [0, 0] + bomb)
            + (0..<20_000).flatMap { _ in PNGChunk.make("tEXt", Array("Comment\0hello".utf8)) }
            + PNGChunk.make("zzZz", [UInt8](repeating: 1, count: 1000))
            + PNGChunk.make("tEXt", Array("Comment\0bad CRC".utf8), crc: 0)
        let bytes = png(width: 16, height: 16, extra: extra)
        let start = Date()
        let decoded = try Image.decode(bytes)
        XCTAssertEqual(decoded.image.width, 16)
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
    }

    func testHugeSkippedChunksCostOnlyTheirReadingAndImagesWiderThanLibpngAllowsAreRefused() throws {
        let big = png(width: 4, height: 4, extra: PNGChunk.make("tEXt", [UInt8](repeating: 65, count: 3 * Int(IGN_PNG_MAX_CHUNK_BYTES))))
        XCTAssertEqual(try Image.decode(big).image.width, 4)
        let wide = png(width: Int(IGN_PNG_MAX_DIMENSION) + 1, height: 1, idat: [])
        XCTAssertThrowsError(try Image.info(wide)) { XCTAssertTrue("\($0)".contains("Invalid IHDR data"), "\($0)") }
        // A chunk whose length claims 2 GiB, in a 60-byte file.
        let claim = Array(png(width: 4, height: 4).prefix(33)) + PNGChunk.u32(0x7FFF_FFFF) + Array("tEXtabc".utf8)
        XCTAssertThrowsError(try Image.decode(claim))
    }

    func testCompressedDataAfterTheLastRowIsNotInflated() throws {
        // 16×16 gray whose zlib stream goes on for 256 MiB of zeros past the image (256 KB):
        // the image decodes, and libpng is stopped 64 KiB into the surplus rather than
        // inflating all of it (0.6 s here before).
        let bytes = png(width: 16, height: 16, idat: try zlibOfZeros(16 * 17 + (256 << 20)))
        var start = Date()
        XCTAssertEqual(try Image.decode(bytes).image.samples, [UInt16](repeating: 0, count: 256))
        XCTAssertLessThan(Date().timeIntervalSince(start), 0.1)
        // Interlaced too: the surplus comes after the last row of the last pass.
        // Adam7's seven passes of a 16×16 gray image take 286 bytes; 64 MiB more follow.
        let interlaced = png(width: 16, height: 16, interlaced: true, idat: try zlibOfZeros(286 + (64 << 20)))
        start = Date()
        XCTAssertEqual(try Image.decode(interlaced).image.samples, [UInt16](repeating: 0, count: 256))
        XCTAssertLessThan(Date().timeIntervalSince(start), 0.2)
    }

    // MARK: JPEG scans

    func testJPEGsWithMoreThanAHundredScansAreRefused() throws {
        // Valid progressive files made by Tools/hostile-corpus.py's encoder: one DC scan and
        // 99 or 100 AC scans (one coefficient each, successive approximation).
        XCTAssertNoThrow(try Image.decode(fixture("scans-100-16x16.jpg")))
        let hostile = try fixture("scans-101-16x16.jpg")
        XCTAssertThrowsError(try Image.decode(hostile)) { error in
            XCTAssertEqual(error as? ImageError, .tooManyScans(limit: 100))
            XCTAssertEqual("\(error)", "JPEG has more than 100 scans, the limit (a hostile or damaged file)")
        }
        XCTAssertNoThrow(try Image.decode(hostile, limits: DecodeLimits(maxScans: 101)))
    }

    // MARK: streaming operations give the same results as before

    func testStreamingResizeMatchesTheWholeImageReference() throws {
        var generator = SplitMix(seed: 5)
        for model in ColorModel.allCases {
            let (width, height) = (Int(generator.next() % 40) + 1, Int(generator.next() % 40) + 1)
            let samples = (0..<(width * height * model.channelCount)).map { _ in UInt16(truncatingIfNeeded: generator.next()) }
            let image = try Image(width: width, height: height, colorModel: model, bitDepth: 16, samples: samples)
            for (w, h) in [(1, 1), (width, 3), (7, height), (width * 3 + 1, height / 2 + 1), (width / 3 + 1, height * 5), (97, 61)] {
                XCTAssertEqual(try image.resized(width: w, height: h).samples, referenceResize(image, w, h),
                               "\(model) \(width)x\(height) → \(w)x\(h)")
            }
        }
    }

    func testPlacingOnAVirtualCanvasMatchesMakingTheCanvas() throws {
        var generator = SplitMix(seed: 11)
        for model in ColorModel.allCases {
            let samples = (0..<(9 * 5 * model.channelCount)).map { _ in UInt16(truncatingIfNeeded: generator.next()) }
            let image = try Image(width: 9, height: 5, colorModel: model, bitDepth: 16, samples: samples)
            let fill = (0..<model.channelCount).map { UInt16(1000 * ($0 + 1)) }
            for (canvas, at, target) in [((9, 9), (0, 2), (4, 4)), ((30, 11), (13, 3), (7, 5)), ((9, 5), (0, 0), (28, 28)),
                                         ((12, 12), (1, 7), (12, 12)), ((40, 7), (31, 2), (100, 3))] {
                let made = try Image(width: canvas.0, height: canvas.1, colorModel: model, bitDepth: 16, fill: fill)
                    .replacing(with: image, atX: at.0, y: at.1).resized(width: target.0, height: target.1)
                let virtual = try image.placed(onCanvas: canvas.0, canvas.1, atX: at.0, y: at.1, fill: fill,
                                               resizedTo: target.0, target.1)
                XCTAssertEqual(virtual, made, "\(model) on \(canvas) at \(at) → \(target)")
            }
            for (scaled, crop) in [((30, 20), (3, 4, 10, 9)), ((9, 5), (1, 1, 3, 3)), ((4, 100), (0, 50, 4, 50))] {
                XCTAssertEqual(try image.resized(width: scaled.0, height: scaled.1, croppedTo: crop),
                               try image.resized(width: scaled.0, height: scaled.1).cropped(x: crop.0, y: crop.1, width: crop.2, height: crop.3))
            }
        }
    }

    func testConvertingWithAlphaFlattensExactlyAsBefore() throws {
        var generator = SplitMix(seed: 9)
        for model in [ColorModel.grayAlpha, .rgba] {
            let samples = (0..<(31 * 17 * model.channelCount)).map { _ in UInt16(truncatingIfNeeded: generator.next()) }
            let image = try Image(width: 31, height: 17, colorModel: model, bitDepth: 16, samples: samples)
            let background = RGBColor(red: 1000, green: 40000, blue: 65535)
            for target in ColorModel.allCases where !target.hasAlpha {
                let before = image.flattened(onto: background).converted(to: target, background: background)
                XCTAssertEqual(image.converted(to: target, background: background), before, "\(model) → \(target)")
            }
        }
    }

    func testRowByRowEncodersNarrowEverySampleAsBefore() throws {
        let all = (0...65535).map { UInt16($0) }
        let image = try Image(width: 256, height: 256, colorModel: .gray, bitDepth: 16, samples: all)
        let png8 = try Image.decode(image.encoded(EncodeOptions(format: .png))).image
        XCTAssertEqual(png8.samples, all.map { SampleScale.widen(SampleScale.narrow($0)) })
        let png16 = try Image.decode(image.encoded(EncodeOptions(format: .png, bitDepth: 16))).image
        XCTAssertEqual(png16.samples, all)
    }
}

/// The resize as it was before streaming (whole-image float buffers), kept as the reference.
private func referenceResize(_ image: Image, _ newWidth: Int, _ newHeight: Int) -> [UInt16] {
    let channels = image.colorModel.channelCount
    var buffer = image.samples.map(Float.init)
    func premultiply(_ buffer: inout [Float], undo: Bool) {
        for pixel in stride(from: 0, to: buffer.count, by: channels) {
            let alpha = buffer[pixel + channels - 1] / 65535
            for channel in 0..<(channels - 1) {
                if undo { buffer[pixel + channel] = alpha > 0 ? buffer[pixel + channel] / alpha : 0 } else { buffer[pixel + channel] *= alpha }
            }
        }
    }
    func apply(_ axis: ResampleAxis, _ input: [Float], lines: Int, lineStride: Int, step: Int, outLineStride: Int, outStep: Int) -> [Float] {
        var output = [Float](repeating: 0, count: lines * axis.taps.count * channels)
        for line in 0..<lines {
            for (index, tap) in axis.taps.enumerated() {
                for channel in 0..<channels {
                    var sum: Float = 0
                    for (offset, weight) in tap.weights.enumerated() {
                        sum += weight * input[line * lineStride + (tap.first + offset) * step + channel]
                    }
                    output[line * outLineStride + index * outStep + channel] = sum
                }
            }
        }
        return output
    }
    if newWidth == image.width && newHeight == image.height { return image.samples }
    if image.colorModel.hasAlpha { premultiply(&buffer, undo: false) }
    buffer = apply(ResampleAxis(from: image.width, to: newWidth), buffer, lines: image.height, lineStride: image.width * channels,
                   step: channels, outLineStride: newWidth * channels, outStep: channels)
    buffer = apply(ResampleAxis(from: image.height, to: newHeight), buffer, lines: newWidth, lineStride: channels,
                   step: newWidth * channels, outLineStride: channels, outStep: newWidth * channels)
    if image.colorModel.hasAlpha { premultiply(&buffer, undo: true) }
    return buffer.map(SampleScale.clamp)
}

/// A small deterministic generator for test data.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Building PNG chunks by hand.
enum PNGChunk {
    static func u32(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }

    static func make(_ kind: String, _ data: [UInt8], crc: UInt32? = nil) -> [UInt8] {
        let body = Array(kind.utf8) + data
        return u32(data.count) + body + u32(Int(crc ?? crc32(body)))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// A zlib stream of stored (uncompressed) blocks.
    static func stored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var position = 0
        repeat {
            let count = min(65535, data.count - position)
            let final: UInt8 = position + count == data.count ? 1 : 0
            out += [final, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[position..<(position + count)]
            position += count
        } while position < data.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        return out + u32(Int(b << 16 | a))
    }
}

/// A zlib stream of `count` zeros: one literal, then matches of 258 bytes at distance 1,
/// in one fixed-Huffman block (13 bits per 258 bytes: 64 MiB in 420 KB).
private func zlibOfZeros(_ count: Int) throws -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01], accumulator: UInt32 = 0, filled = 0
    func bits(_ value: UInt32, _ length: Int) {          // least significant bit first
        for index in 0..<length {
            accumulator |= ((value >> index) & 1) << filled
            filled += 1
            if filled == 8 { out.append(UInt8(accumulator)); accumulator = 0; filled = 0 }
        }
    }
    func code(_ value: UInt32, _ length: Int) {           // Huffman codes: most significant bit first
        for index in stride(from: length - 1, through: 0, by: -1) { bits((value >> index) & 1, 1) }
    }
    bits(1, 1); bits(1, 2)                                 // final block, fixed Huffman
    code(0x30, 8)                                          // literal 0
    var left = count - 1
    while left >= 258 { code(0xC5, 8); code(0, 5); left -= 258 }   // length 258 (code 285), distance 1
    for _ in 0..<left { code(0x30, 8) }
    code(0, 7)                                             // end of block
    if filled > 0 { out.append(UInt8(accumulator)) }
    return out + PNGChunk.u32(Int((UInt32(count % 65521) << 16) | 1))
}
