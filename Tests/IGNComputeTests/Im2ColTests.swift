@testable import IGNCompute
import IGNLayers
import XCTest

/// `im2col` and `col2im` against direct index loops written from their definitions, on the
/// window shapes of the reference networks (including the whole-map copy of a 3×3 map under
/// a 3×3 kernel at batch 1) and a few odd ones.
final class Im2ColTests: XCTestCase {
    private let cases: [(window: ConvolutionWindow, channels: Int, batch: Int, height: Int, width: Int)] = [
        (ConvolutionWindow(kernel: 3, stride: 1, padding: 0), 3, 1, 3, 3),     // whole map, copied
        (ConvolutionWindow(kernel: 3, stride: 1, padding: 0), 2, 2, 3, 3),     // same window, two images
        (ConvolutionWindow(kernel: 3, stride: 1, padding: 0), 2, 1, 7, 5),
        (ConvolutionWindow(kernel: 4, stride: 2, padding: 1), 3, 2, 14, 14),
        (ConvolutionWindow(kernel: 4, stride: 2, padding: 1), 1, 1, 7, 7),
        (ConvolutionWindow(kernel: 3, stride: 2, padding: 2), 2, 3, 5, 6),
        (ConvolutionWindow(kernel: 5, stride: 3, padding: 1), 2, 1, 9, 4),
        (ConvolutionWindow(kernel: 2, stride: 1, padding: 1), 1, 2, 1, 1),     // taps outside on every side
    ]

    func testIm2colMatchesItsDefinition() {
        var generator = RandomGenerator(seed: 21)
        for (window, channels, batch, height, width) in cases {
            let (outHeight, outWidth) = (window.convolvedSize(height), window.convolvedSize(width))
            let image = generator.normal(count: channels * batch * height * width)
            let k = window.kernel, outPlane = outHeight * outWidth
            var columns = [Float](repeating: .nan, count: channels * k * k * batch * outPlane)
            image.withUnsafeBufferPointer { image in
                columns.withUnsafeMutableBufferPointer { columns in
                    window.im2col(image.baseAddress!, channels: channels, batch: batch, height: height, width: width,
                                  outHeight: outHeight, outWidth: outWidth, into: columns.baseAddress!)
                }
            }
            for c in 0..<channels {
                for ky in 0..<k {
                    for kx in 0..<k {
                        for n in 0..<batch {
                            for oy in 0..<outHeight {
                                for ox in 0..<outWidth {
                                    let y = oy * window.stride - window.padding + ky
                                    let x = ox * window.stride - window.padding + kx
                                    let inside = (0..<height).contains(y) && (0..<width).contains(x)
                                    let expected = inside ? image[((c * batch + n) * height + y) * width + x] : 0
                                    let row = (c * k + ky) * k + kx
                                    let got = columns[row * batch * outPlane + n * outPlane + oy * outWidth + ox]
                                    XCTAssertEqual(got, expected, "\(window) \(channels)×\(batch)×\(height)×\(width) "
                                                   + "at c\(c) ky\(ky) kx\(kx) n\(n) (\(oy), \(ox))")
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// col2im is im2col's adjoint: ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩ for random x and y, and
    /// it overwrites its output.
    func testCol2imIsTheAdjointOfIm2col() {
        var generator = RandomGenerator(seed: 22)
        for (window, channels, batch, height, width) in cases {
            let (outHeight, outWidth) = (window.convolvedSize(height), window.convolvedSize(width))
            let k = window.kernel
            let x = generator.normal(count: channels * batch * height * width)
            let y = generator.normal(count: channels * k * k * batch * outHeight * outWidth)
            var columns = [Float](repeating: 0, count: y.count)
            var folded = [Float](repeating: .nan, count: x.count)
            x.withUnsafeBufferPointer { x in
                columns.withUnsafeMutableBufferPointer { columns in
                    window.im2col(x.baseAddress!, channels: channels, batch: batch, height: height, width: width,
                                  outHeight: outHeight, outWidth: outWidth, into: columns.baseAddress!)
                }
            }
            y.withUnsafeBufferPointer { y in
                folded.withUnsafeMutableBufferPointer { folded in
                    window.col2im(y.baseAddress!, channels: channels, batch: batch, height: height, width: width,
                                  outHeight: outHeight, outWidth: outWidth, into: folded.baseAddress!)
                }
            }
            let left = zip(columns, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let right = zip(x, folded).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            XCTAssertEqual(left, right, accuracy: 1e-4 * max(1, abs(left)),
                           "\(window) \(channels)×\(batch)×\(height)×\(width)")
        }
    }
}
