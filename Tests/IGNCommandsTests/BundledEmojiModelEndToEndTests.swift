import Foundation
import IGNImage
import XCTest

/// The colour model embedded in `ign` (`--model emoji`): listed, and colourising a held-out
/// emoji through real pipes keeps its luma and brings back colour.
final class BundledEmojiModelEndToEndTests: XCTestCase {
    private var heldOutEmoji: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Examples/emoji-grinning-face.png").standardized.path
    }

    func testModelsListsTheEmojiModel() throws {
        let result = try IGNProcess.run(["models"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let line = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("emoji ") }
        XCTAssertNotNil(line)
        XCTAssertTrue(line?.contains("64x64 colour") ?? false, String(line ?? ""))
    }

    /// `ign convert --gray < emoji.png | ign colorize --model emoji > colour.png`, as two
    /// processes joined by their bytes: a 64×64 colour image whose luma is the gray input's
    /// (within rounding) and which has colour, closer to the held-out original than the gray
    /// image itself is (the trivial colourisation).
    func testColorizeRoundTripOnAHeldOutEmoji() throws {
        let original = try Image.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: heldOutEmoji)))).image
        let gray = try IGNProcess.run(["convert", "--gray"], stdin: [UInt8](Data(contentsOf: URL(fileURLWithPath: heldOutEmoji))))
        XCTAssertEqual(gray.status, 0, gray.stderr)
        let colour = try IGNProcess.run(["colorize", "--model", "emoji"], stdin: gray.stdout)
        XCTAssertEqual(colour.status, 0, colour.stderr)
        let result = try Image.decode(colour.stdout).image
        let grayImage = try Image.decode(gray.stdout).image
        XCTAssertEqual([result.width, result.height, result.colorModel.channelCount], [64, 64, 3])

        var lumaError = 0.0, chroma = 0.0, squaredError = 0.0, graySquaredError = 0.0
        for pixel in 0..<(64 * 64) {
            let (r, g, b) = (Self.level(result, pixel, 0), Self.level(result, pixel, 1), Self.level(result, pixel, 2))
            lumaError = max(lumaError, abs(0.299 * r + 0.587 * g + 0.114 * b - Self.level(grayImage, pixel, 0)))
            chroma += (abs(r - g) + abs(g - b) + abs(b - r)) / Double(64 * 64)
            for c in 0..<3 {
                let truth = Self.level(original, pixel, c), got = [r, g, b][c], kept = Self.level(grayImage, pixel, 0)
                squaredError += (truth - got) * (truth - got)
                graySquaredError += (truth - kept) * (truth - kept)
            }
        }
        XCTAssertLessThanOrEqual(lumaError, 1.5, "luma kept within rounding")
        XCTAssertGreaterThan(chroma, 10, "colour brought back (mean |R−G|+|G−B|+|B−R| in levels)")
        XCTAssertLessThan(squaredError, graySquaredError, "closer to the original than the gray input")
    }

    /// An image's bytes do not depend on `-j` or on its batch-mates: six noisy versions of the
    /// emoji projected one file at a time, with `-j 1` and with `-j 3`, come out identical.
    /// (Splitting each image's products over two threads once made 7 of 40 emoji differ in
    /// the last bits between `-j 1` and `-j 4`.)
    func testProjectionBytesDoNotDependOnJobs() throws {
        let folder = try Workspace()
        var names: [String] = []
        for seed in 1...6 {
            let name = "noisy-\(seed).png"
            let noisy = try IGNProcess.run(["degrade", "--noise", "0.2", "--seed", String(seed), heldOutEmoji, "-o", folder.file(name)])
            XCTAssertEqual(noisy.status, 0, noisy.stderr)
            names.append(folder.file(name))
        }
        for jobs in ["1", "3"] {
            let run = try IGNProcess.run(["project", "--model", "emoji", "-j", jobs] + names + ["-o", folder.file("j\(jobs)/")])
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        for seed in 1...6 {
            let one = try IGNProcess.run(["project", "--model", "emoji", folder.file("noisy-\(seed).png")])
            XCTAssertEqual(try folder.read("j1/noisy-\(seed).png"), one.stdout, "seed \(seed), -j 1")
            XCTAssertEqual(try folder.read("j3/noisy-\(seed).png"), one.stdout, "seed \(seed), -j 3")
        }
    }

    /// Sample `channel` of pixel `index` on the 0–255 scale.
    private static func level(_ image: Image, _ index: Int, _ channel: Int) -> Double {
        Double(image.samples[index * image.colorModel.channelCount + channel]) * 255 / 65535
    }
}
