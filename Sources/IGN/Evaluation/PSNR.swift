#if canImport(Glibc)
import Glibc
#else
import FoundationEssentials
#endif
import IGNNeural

/// Peak signal-to-noise ratio between images on the 0–1 scale, in decibels.
public enum PSNR {
    /// Cap for identical images (MSE 0), so averages stay finite.
    public static let maximum: Double = 100

    /// PSNR of two equally long arrays of values in [−1, 1] (mapped to [0, 1]).
    public static func of(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Double {
        var sum: Double = 0
        for i in 0..<count {
            let d = Double(a[i] - b[i]) / 2
            sum += d * d
        }
        let mse = sum / Double(count)
        return mse == 0 ? maximum : min(maximum, 10 * log10(1 / mse))
    }

    /// One PSNR per image of two batches of channel-major maps with the same shape.
    public static func perImage(_ a: FeatureMaps, _ b: FeatureMaps) -> [Double] {
        precondition(a.count == b.count && a.batch == b.batch)
        let planar = (0..<a.batch).map { (ImageFitting.planar(a, index: $0), ImageFitting.planar(b, index: $0)) }
        return planar.map { x, y in x.withUnsafeBufferPointer { p in y.withUnsafeBufferPointer { q in
            of(p.baseAddress!, q.baseAddress!, count: x.count) } } }
    }
}
