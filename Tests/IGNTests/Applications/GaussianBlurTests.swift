import Foundation
import IGN
import XCTest

/// The sketch's blur: the direct Gaussian up to σ 4, three box blurs with running sums beyond.
final class GaussianBlurTests: XCTestCase {
    /// A smooth pattern with edges: a bright disc and a gradient, on the 0…1 scale.
    private func plane(width: Int, height: Int) -> [Float] {
        (0..<(width * height)).map { index in
            let (x, y) = (index % width, index / width)
            let dx = Float(x - width / 3), dy = Float(y - height / 2)
            let disc: Float = dx * dx + dy * dy < Float(width * width) / 25 ? 0.7 : 0
            return 0.2 * Float(x) / Float(width) + disc + 0.1 * Float((x * 7 + y * 13) % 5) / 4
        }
    }

    /// The boxes' variances, r(r + 1)/3 each, add up to σ² as nearly as whole radii allow.
    func testRadiiMatchTheGaussiansVariance() {
        for sigma in [1.0, 1.7, 3, 8.3, 41.6, 333.3] {
            let radii = GaussianBlur.radii(sigma: sigma)
            XCTAssertEqual(radii.count, 3)
            XCTAssertLessThanOrEqual(radii.max()! - radii.min()!, 1, "radii within one of each other")
            let variance = radii.reduce(0.0) { $0 + Double($1 * ($1 + 1)) / 3 }
            // Changing one radius by one changes the variance by 2(r + 1)/3: the nearest is within half that.
            XCTAssertLessThanOrEqual(abs(variance - sigma * sigma), Double(radii.max()! + 1) / 3 + 1e-9, "σ \(sigma)")
        }
    }

    /// Up to a radius of 12 (σ 4) it is the direct Gaussian, to the bit.
    func testSmallSigmasAreTheDirectGaussian() {
        let (width, height) = (45, 38)
        let input = plane(width: width, height: height)
        for sigma in [0.5, 1, 1.17, 2, 3.3, 4] {
            XCTAssertEqual(GaussianBlur.blurred(input, width: width, height: height, sigma: sigma),
                           ClassicalFilters.gaussianBlur(input, width: width, height: height, sigma: sigma), "σ \(sigma)")
        }
    }

    /// Beyond, close to the direct Gaussian (radius 3σ, edges replicated as here) on an image
    /// with sharp edges of 0.7 and a fine checker, at most 1/24 of whose shorter side σ is (as
    /// in the sketch): within 0.015 everywhere on the 0…1 scale, 0.002 on average (the figures
    /// are printed). Most of it is whole radii: the nearest three boxes of whole radii cannot
    /// always have σ's variance.
    func testLargeSigmasAreCloseToTheDirectGaussian() {
        let (width, height) = (240, 200)
        let input = plane(width: width, height: height)
        for sigma in [4.2, 6, 8.3] {
            let box = GaussianBlur.blurred(input, width: width, height: height, sigma: sigma)
            let direct = ClassicalFilters.gaussianBlur(input, width: width, height: height, sigma: sigma)
            let differences = zip(box, direct).map { abs($0 - $1) }
            let mean = differences.reduce(0, +) / Float(differences.count)
            print("σ \(sigma): max |boxes − Gaussian| \(differences.max()!), mean \(mean)")
            XCTAssertLessThan(differences.max()!, 0.015, "σ \(sigma)")
            XCTAssertLessThan(mean, 0.002, "σ \(sigma)")
            XCTAssertNotEqual(box, direct, "σ \(sigma) is blurred with boxes")
        }
    }

    /// A constant stays that constant; the blur is the same, bit for bit, every time; a
    /// plane of one row or one column works too.
    func testConstantsDeterminismAndThinPlanes() {
        let constant = [Float](repeating: 0.37, count: 50 * 40)
        XCTAssertLessThan(GaussianBlur.blurred(constant, width: 50, height: 40, sigma: 9).map { abs($0 - 0.37) }.max()!, 1e-6)
        let input = plane(width: 61, height: 47)
        XCTAssertEqual(GaussianBlur.blurred(input, width: 61, height: 47, sigma: 5),
                       GaussianBlur.blurred(input, width: 61, height: 47, sigma: 5))
        let row = plane(width: 40, height: 1)
        XCTAssertEqual(GaussianBlur.blurred(row, width: 40, height: 1, sigma: 3).count, 40)
        XCTAssertEqual(GaussianBlur.blurred(row, width: 1, height: 40, sigma: 3).count, 40)
    }

    /// The cost per pixel is bounded whatever σ: σ 100 takes about what σ 4 takes (the direct
    /// Gaussian's radius, and time, would be 25 times larger).
    func testTimeDoesNotGrowWithSigma() {
        let (width, height) = (512, 512)
        let input = plane(width: width, height: height)
        func seconds(_ sigma: Double) -> Double {
            let start = Date()
            _ = GaussianBlur.blurred(input, width: width, height: height, sigma: sigma)
            return Date().timeIntervalSince(start)
        }
        _ = seconds(4)
        // Fastest of three each, and a wide margin: a shared machine can stall any one run,
        // and the direct Gaussian would take 25 times as long.
        let small = (0..<3).map { _ in seconds(4) }.min()!, large = (0..<3).map { _ in seconds(100) }.min()!
        print("512×512: σ 4 \(small) s, σ 100 \(large) s")
        XCTAssertLessThan(large, 5 * small + 0.1)
    }
}
