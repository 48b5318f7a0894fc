import Foundation
import XCTest
import IGNImage

/// Spawns the built `ign` with real pipes and checks bytes, exit codes and files.
final class PipelineEndToEndTests: XCTestCase {
    func testStdinToStdoutKeepsTheFormatAndPixels() throws {
        let image = try sampleImage()
        let result = try IGNProcess.run(["convert"], stdin: png(image))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let decoded = try Image.decode(result.stdout)
        XCTAssertEqual(decoded.info.format, .png)
        XCTAssertEqual(decoded.image, image)
        let dash = try IGNProcess.run(["convert", "-", "-o", "-"], stdin: png(image))
        XCTAssertEqual(dash.stdout, result.stdout)
    }

    func testOutputFormatFromFlagAndExtension() throws {
        let workspace = try Workspace()
        try workspace.write(png(sampleImage()), to: "in.png")
        let pnm = try IGNProcess.run(["convert", "in.png", "--format", "pnm", "--flatten"], directory: workspace.path)
        XCTAssertEqual(Array(pnm.stdout.prefix(2)), Array("P6".utf8))
        XCTAssertEqual(try IGNProcess.run(["convert", "in.png", "-o", "out.jpg", "--quality", "80"], directory: workspace.path).status, 0)
        XCTAssertEqual(ImageFormat.sniff(try workspace.read("out.jpg")), .jpeg)
        XCTAssertEqual(try IGNProcess.run(["convert", "in.png", "-o", "gray.pgm", "--resize", "12x"], directory: workspace.path).status, 0)
        let gray = try Image.decode(workspace.read("gray.pgm"))
        XCTAssertEqual(gray.image.colorModel, .gray)
        XCTAssertEqual([gray.image.width, gray.image.height], [12, 8])
        // A PNG named .jpg is still read as PNG: formats are sniffed, never taken from the name.
        try workspace.write(png(sampleImage()), to: "liar.jpg")
        let sniffed = try IGNProcess.run(["info", "liar.jpg"], directory: workspace.path)
        XCTAssertTrue(String(decoding: sniffed.stdout, as: UTF8.self).contains("PNG 24x16"), sniffed.stderr)
    }

    func testSixteenBitOutputWhenAsked() throws {
        let result = try IGNProcess.run(["convert", "--depth", "16"], stdin: png(sampleImage()))
        XCTAssertEqual(try Image.info(result.stdout).bitDepth, 16)
        // A 16-bit input stays 16-bit by default, as in ImageMagick and vips; --depth 8 narrows it.
        let kept = try IGNProcess.run(["convert", "--resize", "12x8"], stdin: result.stdout)
        XCTAssertEqual(try Image.info(kept.stdout).bitDepth, 16)
        let narrowed = try IGNProcess.run(["convert", "--depth", "8"], stdin: result.stdout)
        XCTAssertEqual(try Image.info(narrowed.stdout).bitDepth, 8)
    }

    func testResizeTargetsAreBoundedLikeInputs() throws {
        let result = try IGNProcess.run(["convert", "--resize", "100000x100000"], stdin: png(sampleImage()))
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("exceeds --max-pixels"), result.stderr)
        XCTAssertEqual(result.stdout, [])
    }

    func testInputsOverTheMemoryBudgetAreNotReadWhole() throws {
        let workspace = try Workspace()
        try workspace.write([UInt8](repeating: 0, count: 3 << 20), to: "big.png")
        let result = try IGNProcess.run(["info", "--max-memory", "1M", "big.png"], directory: workspace.path)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("larger than the memory budget"), result.stderr)
    }

    func testProgressOnlyWhenAskedOutsideATerminal() throws {
        let workspace = try Workspace()
        try workspace.write(png(sampleImage()), to: "a.png")
        try workspace.write(png(sampleImage()), to: "b.png")
        let quiet = try IGNProcess.run(["convert", "a.png", "b.png", "-o", "out/"], directory: workspace.path)
        XCTAssertEqual(quiet.stderr, "")
        let shown = try IGNProcess.run(["convert", "a.png", "b.png", "-o", "out2/", "--progress"], directory: workspace.path)
        XCTAssertEqual(shown.status, 0)
        XCTAssertTrue(shown.stderr.contains("2/2 files"), shown.stderr)
    }

    func testFailureLeavesNoFileAndKeepsAnExistingOne() throws {
        let workspace = try Workspace()
        try workspace.write(Array("not an image".utf8), to: "bad.png")
        try workspace.write(Array("precious".utf8), to: "existing.png")
        let result = try IGNProcess.run(["convert", "bad.png", "-o", "new.png"], directory: workspace.path)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "ign: bad.png: not a PNG, JPEG or Netpbm (P5/P6/P7) image\n")
        let overwrite = try IGNProcess.run(["convert", "bad.png", "-o", "existing.png"], directory: workspace.path)
        XCTAssertEqual(overwrite.status, 1)
        XCTAssertEqual(try workspace.read("existing.png"), Array("precious".utf8))
        XCTAssertEqual(try workspace.contents(), ["bad.png", "existing.png"])
    }

    func testMalformedInputsFailQuicklyFromFileAndStdin() throws {
        let workspace = try Workspace()
        let good = try png(sampleImage())
        var jpeg = try sampleImage().flattened().encoded(EncodeOptions(format: .jpeg))
        jpeg = Array(jpeg.prefix(jpeg.count / 2))
        let inputs: [String: [UInt8]] = [
            "empty": [], "text": Array("hello\n".utf8), "truncated-png": Array(good.prefix(good.count - 20)),
            "truncated-jpeg": jpeg, "random": (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7919) },
            "huge-pnm": Array("P5\n60000 60000\n255\n".utf8),
        ]
        for (name, bytes) in inputs {
            try workspace.write(bytes, to: name)
            let start = Date()
            let fromFile = try IGNProcess.run(["convert", name, "-o", "out.png"], directory: workspace.path)
            let fromStdin = try IGNProcess.run(["convert", "-o", "out.png"], stdin: bytes, directory: workspace.path)
            // Two debug-build processes: well under a second on an idle machine; the bound only
            // catches a decoder that reads or allocates what the header claims (a hang).
            XCTAssertLessThan(Date().timeIntervalSince(start), 5, name)
            for (result, label) in [(fromFile, name), (fromStdin, "stdin")] {
                XCTAssertEqual(result.status, 1, name)
                XCTAssertTrue(result.stderr.hasPrefix("ign: \(label): "), result.stderr)
                XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr)
            }
            XCTAssertFalse(workspace.exists("out.png"), name)
        }
    }

    func testSeveralInputsNeedAFolderOrSuffix() throws {
        let workspace = try Workspace()
        for name in ["a.png", "b.png"] { try workspace.write(png(sampleImage()), to: name) }
        let refused = try IGNProcess.run(["convert", "a.png", "b.png"], directory: workspace.path)
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.stderr.contains("-o DIR or --suffix"), refused.stderr)

        let intoFolder = try IGNProcess.run(["convert", "a.png", "b.png", "-o", "out/deeper", "--format", "jpeg"],
                                            directory: workspace.path)
        XCTAssertEqual(intoFolder.status, 0, intoFolder.stderr)
        XCTAssertEqual(try workspace.contents("out/deeper"), ["a.jpg", "b.jpg"])

        let suffixed = try IGNProcess.run(["convert", "a.png", "b.png", "--suffix=-small", "--resize", "6x4"],
                                          directory: workspace.path)
        XCTAssertEqual(suffixed.status, 0, suffixed.stderr)
        XCTAssertEqual(try Image.info(workspace.read("b-small.png")).width, 6)
    }

    func testABadFileIsReportedAndTheOthersFinishInParallel() throws {
        let workspace = try Workspace()
        var names: [String] = []
        for index in 0..<6 {
            try workspace.write(png(sampleImage()), to: "img\(index).png")
            names.append("img\(index).png")
        }
        try workspace.write(Array("garbage".utf8), to: "img3.png")
        let result = try IGNProcess.run(["convert"] + names + ["-o", "out", "-j", "3"], directory: workspace.path)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "ign: img3.png: not a PNG, JPEG or Netpbm (P5/P6/P7) image\n")
        XCTAssertEqual(try workspace.contents("out"), ["img0.png", "img1.png", "img2.png", "img4.png", "img5.png"])
    }

    func testClosedPipeEndsQuietly() throws {
        let workspace = try Workspace()
        try workspace.write(png(sampleImage(width: 400, height: 300)), to: "big.png")
        let result = try IGNProcess.shell("ign convert big.png --format pnm 2>err.txt | head -c 1 >/dev/null; cat err.txt",
                                          directory: workspace.path)
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self), "")
    }

    func testNeverWritesImageBytesToATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("no script(1)") }
        let workspace = try Workspace()
        try workspace.write(png(sampleImage()), to: "in.png")
        // script(1) gives ign a pseudo-terminal as stdout.
        let result = try IGNProcess.shell("script -qec 'ign convert in.png' /dev/null", directory: workspace.path)
        let text = String(decoding: result.stdout, as: UTF8.self)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(text.contains("refusing to write image data to a terminal"), text)
        XCTAssertFalse(text.contains("PNG"), text)
    }

    func testInfoTextAndJSON() throws {
        let workspace = try Workspace()
        try workspace.write(png(sampleImage()), to: "a.png")
        try workspace.write(try sampleImage().flattened().converted(to: .gray).encoded(EncodeOptions(format: .pnm, bitDepth: 16)), to: "b.pgm")
        let text = try IGNProcess.run(["info", "a.png", "b.pgm"], directory: workspace.path)
        XCTAssertEqual(String(decoding: text.stdout, as: UTF8.self),
                       "a.png: PNG 24x16 rgba 8-bit (RGBA)\nb.pgm: Netpbm 24x16 gray 16-bit (PGM)\n")
        let json = try IGNProcess.run(["info", "--json", "-"], stdin: workspace.read("a.png"))
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout)) as? [String: Any]
        XCTAssertEqual(object?["width"] as? Int, 24)
        XCTAssertEqual(object?["alpha"] as? Bool, true)
        XCTAssertEqual(object?["format"] as? String, "png")
        XCTAssertEqual(object?["bit_depth"] as? Int, 8)
    }

    func testInfoReadsHeadersOnly() throws {
        // A PNG header claiming 60000×60000 16-bit RGBA (27 GB of pixels) with its data cut off:
        // info answers from the header, as `identify` does, without touching the pixels.
        var bytes = try png(sampleImage())
        bytes.replaceSubrange(16..<24, with: [0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60])   // IHDR width, height
        bytes[24] = 16
        var crc: UInt32 = 0xFFFF_FFFF                 // the IHDR chunk's CRC-32 over type and data
        for byte in bytes[12..<29] {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc ^= 0xFFFF_FFFF
        bytes.replaceSubrange(29..<33, with: [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
        let result = try IGNProcess.run(["info", "--max-pixels", "4G", "-"], stdin: Array(bytes.prefix(60)))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(String(decoding: result.stdout, as: UTF8.self).contains("60000x60000"), result.stderr)
    }

    func testUsageErrorsExit64() throws {
        XCTAssertEqual(try IGNProcess.run(["convert", "--quality", "0"]).status, 64)
        XCTAssertEqual(try IGNProcess.run(["convert", "--resize", "axb"]).status, 64)
        XCTAssertEqual(try IGNProcess.run(["convert", "--no-such-flag"]).status, 64)
    }

    func testBombsAreRefusedWithoutOutput() throws {
        let workspace = try Workspace()
        // A PNG header claiming 30000x30000 (900 megapixels).
        var header: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        let ihdr: [UInt8] = Array("IHDR".utf8) + [0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 0, 0, 0, 0]
        header += ihdr + crc32(ihdr) + [0, 0, 0, 0] + Array("IDAT".utf8) + crc32(Array("IDAT".utf8))
        try workspace.write(header, to: "bomb.png")
        let start = Date()
        let result = try IGNProcess.run(["convert", "bomb.png", "-o", "out.png"], directory: workspace.path)
        XCTAssertLessThan(Date().timeIntervalSince(start), 1)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("30000x30000"), result.stderr)
        XCTAssertFalse(workspace.exists("out.png"))
    }

    private func crc32(_ bytes: [UInt8]) -> [UInt8] {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc ^= 0xFFFF_FFFF
        return [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
    }
}
