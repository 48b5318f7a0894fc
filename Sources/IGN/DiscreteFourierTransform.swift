#if canImport(Glibc)
import Glibc
#else
import FoundationEssentials
#endif

/// A direct 2-D discrete Fourier transform of small images (separable, O(H·W·(H+W))),
/// with numpy's conventions: forward unscaled, inverse divided by H·W.
struct DiscreteFourierTransform {
    let height: Int
    let width: Int
    private let cosH: [Float], sinH: [Float], cosW: [Float], sinW: [Float]

    init(height: Int, width: Int) {
        self.height = height
        self.width = width
        func table(_ n: Int, _ f: (Double) -> Double) -> [Float] {
            (0..<n * n).map { Float(f(2 * Double.pi * Double(($0 / n) * ($0 % n) % n) / Double(n))) }
        }
        cosH = table(height, cos); sinH = table(height, sin)
        cosW = table(width, cos); sinW = table(width, sin)
    }

    /// X[u, v] = Σ x[h, w]·e^(−2πi(uh/H + vw/W)).
    func forward(real x: UnsafePointer<Float>, re: inout [Float], im: inout [Float]) {
        let (H, W) = (height, width)
        // Along rows: A[h, v] = Σ_w x[h, w]·e^(−2πi vw/W)
        var aRe = [Float](repeating: 0, count: H * W), aIm = aRe
        for h in 0..<H {
            for v in 0..<W {
                var sr: Float = 0, si: Float = 0
                for w in 0..<W {
                    let value = x[h * W + w]
                    sr += value * cosW[v * W + w]
                    si -= value * sinW[v * W + w]
                }
                aRe[h * W + v] = sr; aIm[h * W + v] = si
            }
        }
        // Along columns: X[u, v] = Σ_h A[h, v]·e^(−2πi uh/H)
        for u in 0..<H {
            for v in 0..<W {
                var sr: Float = 0, si: Float = 0
                for h in 0..<H {
                    let (c, s) = (cosH[u * H + h], sinH[u * H + h])
                    let (ar, ai) = (aRe[h * W + v], aIm[h * W + v])
                    sr += ar * c + ai * s
                    si += ai * c - ar * s
                }
                re[u * W + v] = sr; im[u * W + v] = si
            }
        }
    }

    /// x[h, w] = Re( Σ X[u, v]·e^(+2πi(uh/H + vw/W)) ) / (H·W).
    func inverseReal(re: [Float], im: [Float], into x: inout [Float]) {
        let (H, W) = (height, width)
        // Along columns: B[h, v] = Σ_u X[u, v]·e^(+2πi uh/H)
        var bRe = [Float](repeating: 0, count: H * W), bIm = bRe
        for h in 0..<H {
            for v in 0..<W {
                var sr: Float = 0, si: Float = 0
                for u in 0..<H {
                    let (c, s) = (cosH[u * H + h], sinH[u * H + h])
                    let (xr, xi) = (re[u * W + v], im[u * W + v])
                    sr += xr * c - xi * s
                    si += xi * c + xr * s
                }
                bRe[h * W + v] = sr; bIm[h * W + v] = si
            }
        }
        // Along rows, real part only: x[h, w] = Σ_v Re(B[h, v]·e^(+2πi vw/W))
        let scale = 1 / Float(H * W)
        for h in 0..<H {
            for w in 0..<W {
                var sr: Float = 0
                for v in 0..<W {
                    sr += bRe[h * W + v] * cosW[v * W + w] - bIm[h * W + v] * sinW[v * W + w]
                }
                x[h * W + w] = sr * scale
            }
        }
    }
}
