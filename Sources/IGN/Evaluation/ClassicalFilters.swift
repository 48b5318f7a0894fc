#if canImport(Glibc)
import Glibc
#else
import FoundationEssentials
#endif

/// The classical denoisers IGN is compared with: a 3×3 median and a Gaussian blur, on one
/// planar channel of `width × height` values (edges replicated).
public enum ClassicalFilters {
    /// The 3×3 median of each pixel's neighbourhood.
    public static func median3x3(_ plane: [Float], width: Int, height: Int) -> [Float] {
        var output = plane
        var window = [Float](repeating: 0, count: 9)
        for y in 0..<height {
            for x in 0..<width {
                var k = 0
                for dy in -1...1 {
                    let yy = min(max(y + dy, 0), height - 1)
                    for dx in -1...1 {
                        window[k] = plane[yy * width + min(max(x + dx, 0), width - 1)]
                        k += 1
                    }
                }
                window.sort()
                output[y * width + x] = window[4]
            }
        }
        return output
    }

    /// A separable Gaussian blur of standard deviation `sigma` pixels (radius ⌈3σ⌉).
    public static func gaussianBlur(_ plane: [Float], width: Int, height: Int, sigma: Double) -> [Float] {
        let radius = max(1, Int((3 * sigma).rounded(.up)))
        var kernel = (-radius...radius).map { Float(exp(-Double($0 * $0) / (2 * sigma * sigma))) }
        let total = kernel.reduce(0, +)
        kernel = kernel.map { $0 / total }
        var horizontal = plane
        for y in 0..<height {
            for x in 0..<width {
                var sum: Float = 0
                for k in -radius...radius {
                    sum += kernel[k + radius] * plane[y * width + min(max(x + k, 0), width - 1)]
                }
                horizontal[y * width + x] = sum
            }
        }
        var output = plane
        for y in 0..<height {
            for x in 0..<width {
                var sum: Float = 0
                for k in -radius...radius {
                    sum += kernel[k + radius] * horizontal[min(max(y + k, 0), height - 1) * width + x]
                }
                output[y * width + x] = sum
            }
        }
        return output
    }
}
