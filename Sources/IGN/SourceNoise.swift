import IGNNeural

/// The distribution IGN draws its inputs z from when generating.
///
/// - `gaussian`: every value independent N(0, 1).
/// - `frequency`: per channel and 2-D frequency (u, v), the real and imaginary parts of
///   the images' discrete Fourier transform are drawn independently from normal
///   distributions fitted to training images; the inverse transform (which divides by
///   H·W) gives z, keeping the real part. Its statistics belong to the model: generation
///   must draw from the same distribution the model was trained with.
public enum SourceNoise: Equatable, Sendable {
    case gaussian
    case frequency(FrequencyStatistics)

    /// The name stored in a model file.
    public var kind: String {
        switch self {
        case .gaussian: return "gaussian"
        case .frequency: return "frequency"
        }
    }

    /// Fills `maps` (already sized) with fresh noise.
    public func sample(into maps: FeatureMaps, generator: inout RandomGenerator) {
        switch self {
        case .gaussian:
            generator.fillNormal(maps.pointer, count: maps.count)
        case .frequency(let statistics):
            statistics.sample(into: maps, generator: &generator)
        }
    }
}

/// Per-frequency mean and standard deviation of the real and imaginary DFT coefficients of
/// a set of images, each `[channels, height, width]`.
public struct FrequencyStatistics: Equatable, Sendable {
    public let geometry: Geometry
    public var realMean: [Float]
    public var realDeviation: [Float]
    public var imaginaryMean: [Float]
    public var imaginaryDeviation: [Float]

    public init(geometry: Geometry, realMean: [Float], realDeviation: [Float],
                imaginaryMean: [Float], imaginaryDeviation: [Float]) {
        self.geometry = geometry
        self.realMean = realMean
        self.realDeviation = realDeviation
        self.imaginaryMean = imaginaryMean
        self.imaginaryDeviation = imaginaryDeviation
    }

    /// Fits the statistics to images stored one after another as `[count][C][H][W]`.
    public init(images: [Float], count: Int, geometry: Geometry) {
        let plane = geometry.height * geometry.width
        let dft = DiscreteFourierTransform(height: geometry.height, width: geometry.width)
        var sumRe = [Double](repeating: 0, count: geometry.count), sumIm = sumRe
        var sqRe = sumRe, sqIm = sumRe
        var re = [Float](repeating: 0, count: plane), im = re
        for n in 0..<count {
            for c in 0..<geometry.channels {
                let offset = (n * geometry.channels + c) * plane
                images.withUnsafeBufferPointer { dft.forward(real: $0.baseAddress! + offset, re: &re, im: &im) }
                for i in 0..<plane {
                    let k = c * plane + i
                    sumRe[k] += Double(re[i]); sqRe[k] += Double(re[i]) * Double(re[i])
                    sumIm[k] += Double(im[i]); sqIm[k] += Double(im[i]) * Double(im[i])
                }
            }
        }
        let total = Double(max(count, 1))
        func mean(_ s: [Double]) -> [Float] { s.map { Float($0 / total) } }
        func deviation(_ s: [Double], _ q: [Double]) -> [Float] {
            zip(s, q).map { Float(max(0, $1 / total - ($0 / total) * ($0 / total)).squareRoot()) }
        }
        self.init(geometry: geometry, realMean: mean(sumRe), realDeviation: deviation(sumRe, sqRe),
                  imaginaryMean: mean(sumIm), imaginaryDeviation: deviation(sumIm, sqIm))
    }

    /// Draws one image per batch entry of `maps`.
    public func sample(into maps: FeatureMaps, generator: inout RandomGenerator) {
        precondition(maps.geometry == geometry, "noise statistics are for \(geometry), not \(maps.geometry)")
        let plane = geometry.height * geometry.width
        let dft = DiscreteFourierTransform(height: geometry.height, width: geometry.width)
        var re = [Float](repeating: 0, count: plane), im = re, out = re
        for n in 0..<maps.batch {
            for c in 0..<geometry.channels {
                generator.fillNormal(&re, count: plane)
                generator.fillNormal(&im, count: plane)
                for i in 0..<plane {
                    let k = c * plane + i
                    re[i] = realMean[k] + realDeviation[k] * re[i]
                    im[i] = imaginaryMean[k] + imaginaryDeviation[k] * im[i]
                }
                dft.inverseReal(re: re, im: im, into: &out)
                (maps.pointer + (c * maps.batch + n) * plane).update(from: out, count: plane)
            }
        }
    }
}

extension RandomGenerator {
    mutating func fillNormal(_ array: inout [Float], count: Int) {
        array.withUnsafeMutableBufferPointer { fillNormal($0.baseAddress!, count: count) }
    }
}
