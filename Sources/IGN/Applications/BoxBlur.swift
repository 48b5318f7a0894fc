/// A Gaussian blur approximated by three successive box blurs, each done separably with
/// running sums: its cost per pixel does not depend on σ (a direct Gaussian's grows with its
/// radius, 3σ), and it works in place on the plane with a row or a strip of columns of
/// scratch. Edges are replicated, as in ``ClassicalFilters/gaussianBlur(_:width:height:sigma:)``.
///
/// Three boxes are the usual trade: the kernel they make is a piecewise quadratic within a
/// few per cent of the Gaussian's values (BoxBlurTests states the tolerance). The radii are
/// chosen so that the variances of the boxes, r(r + 1)/3 each, add up as close to σ² as
/// whole radii allow. Sums are kept in `Double`, so the result does not drift along long
/// rows, and the same input always gives the same bits.
public enum BoxBlur {
    /// Columns processed together in the vertical passes (a strip of this many columns of
    /// the whole height is the scratch).
    static let stripWidth = 32

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
        let radii = BoxBlur.radii(sigma: sigma)
        guard radii.contains(where: { $0 > 0 }) else { return }
        let base = plane.baseAddress!
        // Horizontal: each row through the three boxes, between two row buffers.
        var a = [Float](repeating: 0, count: width), b = a
        for y in 0..<height {
            let row = base + y * width
            a.withUnsafeMutableBufferPointer { first in
                b.withUnsafeMutableBufferPointer { second in
                    first.baseAddress!.update(from: row, count: width)
                    var (source, target) = (first.baseAddress!, second.baseAddress!)
                    for radius in radii {
                        boxes(source, target, length: width, lanes: 1, radius: radius)
                        swap(&source, &target)
                    }
                    row.update(from: source, count: width)
                }
            }
        }
        // Vertical: strips of columns, each copied out, boxed along its height, copied back.
        let lanes = min(stripWidth, width)
        var stripA = [Float](repeating: 0, count: height * lanes), stripB = stripA
        for left in stride(from: 0, to: width, by: lanes) {
            let count = min(lanes, width - left)
            stripA.withUnsafeMutableBufferPointer { first in
                stripB.withUnsafeMutableBufferPointer { second in
                    for y in 0..<height {
                        (first.baseAddress! + y * count).update(from: base + y * width + left, count: count)
                    }
                    var (source, target) = (first.baseAddress!, second.baseAddress!)
                    for radius in radii {
                        boxes(source, target, length: height, lanes: count, radius: radius)
                        swap(&source, &target)
                    }
                    for y in 0..<height {
                        (base + y * width + left).update(from: source + y * count, count: count)
                    }
                }
            }
        }
    }

    /// `plane` blurred (a copy; see ``blur(_:width:height:sigma:)``).
    public static func blurred(_ plane: [Float], width: Int, height: Int, sigma: Double) -> [Float] {
        var copy = plane
        copy.withUnsafeMutableBufferPointer { blur($0, width: width, height: height, sigma: sigma) }
        return copy
    }

    /// One box of `radius` along `length` positions of `lanes` interleaved lines
    /// (`source[position * lanes + lane]`), edges replicated: a running sum per lane.
    private static func boxes(_ source: UnsafePointer<Float>, _ target: UnsafeMutablePointer<Float>,
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
