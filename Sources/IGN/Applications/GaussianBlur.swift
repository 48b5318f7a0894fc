#if canImport(Glibc)
import Glibc
#else
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#endif

/// A Gaussian blur whose cost per pixel is bounded whatever σ, done in place on a plane with
/// a row or a strip of columns of scratch; edges are replicated, as in
/// ``ClassicalFilters/gaussianBlur(_:width:height:sigma:)``.
///
/// Up to σ = 4 (a radius of 3σ ≤ 12) it is that direct Gaussian, with the same arithmetic in
/// the same order, so the same values to the bit: small images (a 28×28 or 64×64 sketch)
/// look exactly as before. Beyond, where a direct kernel's radius and time would grow with
/// σ (`degrade --sketch` blurs with σ = min(w, h)/24: 333 at 8000×8000, which took 247 s), it
/// is three successive box blurs, each done with running sums: their kernel is a piecewise
/// quadratic within a few per cent of the Gaussian's values (GaussianBlurTests states the
/// tolerance). The box radii are chosen so that their variances, r(r + 1)/3 each, add up as
/// close to σ² as whole radii allow. Box sums are kept in `Double`, so they do not drift along
/// long rows; the same input always gives the same bits.
public enum GaussianBlur {
    /// The largest radius (⌈3σ⌉) blurred with the direct kernel.
    public static let largestDirectRadius = 12
    /// Columns processed together in the vertical passes (a strip of this many columns of
    /// the whole height is the scratch).
    static let stripWidth = 32

    /// One pass along `length` positions of `lanes` interleaved lines
    /// (`source[position * lanes + lane]`) into `target`.
    typealias LinePass = (_ source: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>,
                          _ length: Int, _ lanes: Int) -> Void

    /// The radii of three boxes whose successive application has a variance nearest σ².
    public static func radii(sigma: Double) -> [Int] {
        let variance = sigma * sigma
        // r(r + 1) = σ² for three equal boxes of variance σ²/3.
        let low = max(0, Int(((1 + 4 * variance).squareRoot() - 1) / 2))
        func total(_ wide: Int) -> Double {
            let narrowPart: Int = (3 - wide) * low * (low + 1)
            let widePart: Int = wide * (low + 1) * (low + 2)
            return Double(narrowPart + widePart) / 3
        }
        let wide = (0...3).min { abs(total($0) - variance) < abs(total($1) - variance) }!
        return Array(repeating: low + 1, count: wide) + Array(repeating: low, count: 3 - wide)
    }

    /// Blurs a `width × height` plane (row-major) in place.
    public static func blur(_ plane: UnsafeMutableBufferPointer<Float>, width: Int, height: Int, sigma: Double) {
        precondition(plane.count == width * height, "the plane does not hold width × height values")
        guard width > 0, height > 0 else { return }
        let radius = max(1, Int((3 * sigma).rounded(.up)))
        let passes: [LinePass]
        if radius <= largestDirectRadius {
            let kernel = GaussianBlur.kernel(sigma: sigma, radius: radius)
            passes = [{ direct($0, $1, length: $2, lanes: $3, kernel: kernel) }]
        } else {
            passes = radii(sigma: sigma).map { radius in { box($0, $1, length: $2, lanes: $3, radius: radius) } }
        }
        separable(plane.baseAddress!, width: width, height: height, passes: passes)
    }

    /// `plane` blurred (a copy; see ``blur(_:width:height:sigma:)``).
    public static func blurred(_ plane: [Float], width: Int, height: Int, sigma: Double) -> [Float] {
        var copy = plane
        copy.withUnsafeMutableBufferPointer { blur($0, width: width, height: height, sigma: sigma) }
        return copy
    }

    /// The direct kernel of `ClassicalFilters.gaussianBlur`, normalised the same way.
    static func kernel(sigma: Double, radius: Int) -> [Float] {
        let kernel = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
        let total = kernel.reduce(0, +)
        return kernel.map { $0 / total }
    }

    /// `passes` along each row, then along each column, in place: rows through two row
    /// buffers, columns in strips copied out, passed along their height, copied back.
    private static func separable(_ base: UnsafeMutablePointer<Float>, width: Int, height: Int, passes: [LinePass]) {
        func run(_ first: UnsafeMutablePointer<Float>, _ second: UnsafeMutablePointer<Float>, length: Int,
                 lanes: Int) -> UnsafeMutablePointer<Float> {
            var (source, target) = (first, second)
            for pass in passes {
                pass(source, target, length, lanes)
                swap(&source, &target)
            }
            return source
        }
        var a = [Float](repeating: 0, count: width), b = a
        a.withUnsafeMutableBufferPointer { first in
            b.withUnsafeMutableBufferPointer { second in
                for y in 0..<height {
                    let row = base + y * width
                    first.baseAddress!.update(from: row, count: width)
                    row.update(from: run(first.baseAddress!, second.baseAddress!, length: width, lanes: 1), count: width)
                }
            }
        }
        let lanes = min(stripWidth, width)
        var stripA = [Float](repeating: 0, count: height * lanes), stripB = stripA
        stripA.withUnsafeMutableBufferPointer { first in
            stripB.withUnsafeMutableBufferPointer { second in
                for left in stride(from: 0, to: width, by: lanes) {
                    let count = min(lanes, width - left)
                    for y in 0..<height {
                        (first.baseAddress! + y * count).update(from: base + y * width + left, count: count)
                    }
                    let result = run(first.baseAddress!, second.baseAddress!, length: height, lanes: count)
                    for y in 0..<height {
                        (base + y * width + left).update(from: result + y * count, count: count)
                    }
                }
            }
        }
    }

    /// The direct kernel at every position: the taps summed in order, from −radius, in `Float`.
    private static func direct(_ source: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>,
                               length: Int, lanes: Int, kernel: [Float]) {
        let radius = kernel.count / 2, last = length - 1
        kernel.withUnsafeBufferPointer { taps in
            for position in 0..<length {
                let out = target + position * lanes
                for lane in 0..<lanes { out[lane] = 0 }
                for k in -radius...radius {
                    let weight = taps[k + radius], row = source + min(max(position + k, 0), last) * lanes
                    for lane in 0..<lanes { out[lane] += weight * row[lane] }
                }
            }
        }
    }

    /// One box of `radius` at every position: a running sum per lane.
    private static func box(_ source: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>,
                            length: Int, lanes: Int, radius: Int) {
        if radius == 0 { target.update(from: source, count: length * lanes); return }
        let scale = 1 / Double(2 * radius + 1), last = length - 1
        var sums = [Double](repeating: 0, count: lanes)
        sums.withUnsafeMutableBufferPointer { sum in
            for offset in -radius...radius {
                let at = min(max(offset, 0), last) * lanes
                for lane in 0..<lanes { sum[lane] += Double(source[at + lane]) }
            }
            for position in 0..<length {
                let out = position * lanes
                let entering = min(position + radius + 1, last) * lanes, leaving = max(position - radius, 0) * lanes
                for lane in 0..<lanes {
                    target[out + lane] = Float(sum[lane] * scale)
                    sum[lane] += Double(source[entering + lane]) - Double(source[leaving + lane])
                }
            }
        }
    }
}
