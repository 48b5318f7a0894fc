import Foundation
import XCTest
@testable import IGNImage

/// A real peer: ImageMagick's `convert`, used to make fixtures and to check our decoding.
enum ImageMagick {
    /// Runs `convert ARGS…`; fails the test on a non-zero exit.
    @discardableResult
    static func convert(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["convert"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            XCTFail("convert \(arguments.joined(separator: " ")) failed: \(errorText)", file: file, line: line)
        }
        return data
    }

    /// ImageMagick's decoding of `path` as 16-bit RGBA samples (gray replicated, opaque alpha added).
    static func rgba16(_ path: String, autoOrient: Bool = false) throws -> [UInt16] {
        let data = try convert([path] + (autoOrient ? ["-auto-orient"] : []) + ["-depth", "16", "-endian", "MSB", "RGBA:-"])
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
    }

    /// The largest difference between our decoding (as RGBA) and ImageMagick's, in 16-bit units.
    static func maxDifference(_ image: Image, _ path: String, autoOrient: Bool = false) throws -> Int {
        let ours = image.converted(to: .rgba).samples
        let theirs = try rgba16(path, autoOrient: autoOrient)
        XCTAssertEqual(ours.count, theirs.count, "sample count for \(path)")
        guard ours.count == theirs.count else { return Int.max }
        return zip(ours, theirs).map { abs(Int($0) - Int($1)) }.max() ?? 0
    }
}

/// A fresh temporary folder per test case.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ign-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Reads a file as bytes.
func bytes(of path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

/// A small test pattern with every channel varying: 16-bit RGBA.
func testPattern(width: Int = 13, height: Int = 9) throws -> Image {
    var samples: [UInt16] = []
    for y in 0..<height {
        for x in 0..<width {
            samples += [UInt16(x * 65535 / (width - 1)), UInt16(y * 65535 / (height - 1)),
                        UInt16((x * 7 + y * 13) % 17 * 3855), UInt16(65535 - (x + y) * 65535 / (width + height - 2))]
        }
    }
    return try Image(width: width, height: height, colorModel: .rgba, bitDepth: 16, samples: samples)
}
