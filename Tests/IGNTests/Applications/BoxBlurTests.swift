import Foundation
import IGN
import XCTest

/// The sketch's blur: three box blurs with running sums against the direct Gaussian.
final class BoxBlurTests: XCTestCase {
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
            let radii = BoxBlur.radii(sigma: sigma)
            XCTAssertEqual(radii.count, 3)
            XCTAssertLessThanOrEqual(radii.max()! - radii.min()!, 1, "radii within one of each other")
            let variance = radii.reduce(0.0) { $0 + Double($1 * ($1 + 1)) / 3 }
            // Changing one radius by one changes the variance by 2(r + 1)/3: the nearest is within half that.
            XCTAssertLessThanOrEqual(abs(variance - sigma * sigma), Double(radii.max()! + 1) / 3 + 1e-9, "σ \(sigma)")
        }
    }

    /// Close to the direct Gaussian (radius 3σ, edges replicated as here) on an image with
    /// sharp edges of 0.7 and a fine checker: within 0.02 everywhere on the 0…1 scale (here
    /// 0.010–0.016), 0.003 on average (0.0013–0.0026). Most of it is whole radii: at σ 2 the
    /// boxes' σ is 1.83 or 2.16, the nearest three boxes of whole radii can do.
    func testCloseToTheDirectGaussian() {
        let (width, height) = (96, 72)
        let input = plane(width: width, height: height)
        for sigma in [2.0, 4, 7.5] {
            let box = BoxBlur.blurred(input, width: width, height: height, sigma: sigma)
            let direct = ClassicalFilters.gaussianBlur(input, width: width, height: height, sigma: sigma)
            let differences = zip(box, direct).map { abs($0 - $1) }
            let mean = differences.reduce(0, +) / Float(differences.count)
            print("σ \(sigma): max |box − Gaussian| \(differences.max()!), mean \(mean)")
            XCTAssertLessThan(differences.max()!, 0.02, "σ \(sigma)")
            XCTAssertLessThan(mean, 0.003, "σ \(sigma)")
        }
    }

    /// A constant stays that constant; the blur is the same, bit for bit, every time; a
    /// plane of one row or one column works too.
    func testConstantsDeterminismAndThinPlanes() {
        let constant = [Float](repeating: 0.37, count: 50 * 40)
        XCTAssertLessThan(BoxBlur.blurred(constant, width: 50, height: 40, sigma: 9).map { abs($0 - 0.37) }.max()!, 1e-6)
        let input = plane(width: 61, height: 47)
        XCTAssertEqual(BoxBlur.blurred(input, width: 61, height: 47, sigma: 5),
                       BoxBlur.blurred(input, width: 61, height: 47, sigma: 5))
        let row = plane(width: 40, height: 1)
        XCTAssertEqual(BoxBlur.blurred(row, width: 40, height: 1, sigma: 3).count, 40)
        XCTAssertEqual(BoxBlur.blurred(row, width: 1, height: 40, sigma: 3).count, 40)
    }

    /// The cost per pixel does not depend on σ: σ 100 takes about what σ 2 takes (the direct
    /// Gaussian's radius, and time, would be 50 times larger).
    func testTimeDoesNotGrowWithSigma() {
        let (width, height) = (512, 512)
        let input = plane(width: width, height: height)
        func seconds(_ sigma: Double) -> Double {
            let start = Date()
            _ = BoxBlur.blurred(input, width: width, height: height, sigma: sigma)
            return Date().timeIntervalSince(start)
        }
        _ = seconds(2)
        let small = min(seconds(2), seconds(2)), large = min(seconds(100), seconds(100))
        print("512×512: σ 2 \(small) s, σ 100 \(large) s")
        XCTAssertLessThan(large, 3 * small + 0.05)
    }
}
