import Foundation
import IGNImage
import XCTest

/// The model embedded in `ign`: used with no flags, and it really denoises.
final class BundledModelEndToEndTests: XCTestCase {
    private var examples: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples").standardized
    }

    private var environmentWithoutModel: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["IGN_MODEL"] = nil
        return environment
    }

    /// PSNR on the 0–1 scale of two 8-bit gray images of the same size.
    private func psnr(_ a: Image, _ b: Image) -> Double {
        let mse = zip(a.samples, b.samples).reduce(0.0) { total, pair in
            let d = (Double(pair.0) - Double(pair.1)) / 65535
            return total + d * d
        } / Double(a.samples.count)
        return 10 * log10(1 / mse)
    }

    /// A Fashion-MNIST test image with σ 0.4 noise: projection brings it closer to the clean
    /// image, much more so with the statistics measured on noisy images (the bundled model,
    /// step 30,000: 16.05 dB noisy → 18.96 dB with the default statistics, 22.06 dB with
    /// `noisy-images`; Models/README.md has the test-set averages).
    func testProjectingANoisyTestImageBringsItCloserToTheClean() throws {
        let noisyPath = examples.appendingPathComponent("fashion-ankle-boot-noisy.png").path
        let clean = try Image.decode([UInt8](Data(contentsOf: examples.appendingPathComponent("fashion-ankle-boot.png")))).image
        let noisy = try Image.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: noisyPath)))).image
        let before = psnr(noisy, clean)
        for (arguments, gain) in [([String](), 2.0), (["--statistics", "noisy-images"], 5.0)] {
            let result = try IGNProcess.run(["project", noisyPath] + arguments, environment: environmentWithoutModel)
            XCTAssertEqual(result.status, 0, result.stderr)
            let after = psnr(try Image.decode(result.stdout).image, clean)
            XCTAssertGreaterThan(after, before + gain, "\(arguments): noisy \(before) dB, projected \(after) dB")
        }
    }

    func testGenerateWithNoFlagsIsRepeatable() throws {
        let one = try IGNProcess.run(["generate", "--seed", "4"], environment: environmentWithoutModel)
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertEqual(try Image.info(one.stdout).width, 28)
        let again = try IGNProcess.run(["generate", "--seed", "4"], environment: environmentWithoutModel)
        XCTAssertEqual(one.stdout, again.stdout)
    }
}
