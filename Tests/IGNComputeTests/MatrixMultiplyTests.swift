@testable import IGNCompute
import IGNLayers
import XCTest

/// `MatrixMultiply.gemm` against a plain triple loop, for every transpose combination and
/// the matrix–vector shapes it routes to sgemv.
final class MatrixMultiplyTests: XCTestCase {
    func testAgreesWithNaiveProductForAllShapesAndTransposes() {
        var generator = RandomGenerator(seed: 4)
        for (m, n, k) in [(5, 7, 3), (1, 6, 4), (6, 1, 4), (1, 1, 9), (8, 2, 1)] {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    for beta: Float in [0, 1] {
                        let a = generator.normal(count: m * k), b = generator.normal(count: k * n)
                        let initial = generator.normal(count: m * n)
                        func at(_ x: [Float], _ row: Int, _ column: Int, _ transposed: Bool, _ rows: Int, _ columns: Int) -> Float {
                            transposed ? x[column * rows + row] : x[row * columns + column]
                        }
                        var expected = initial.map { $0 * beta }
                        for i in 0..<m {
                            for j in 0..<n {
                                for p in 0..<k {
                                    expected[i * n + j] += 0.5 * at(a, i, p, transposeA, m, k) * at(b, p, j, transposeB, k, n)
                                }
                            }
                        }
                        var c = initial
                        a.withUnsafeBufferPointer { pa in
                            b.withUnsafeBufferPointer { pb in
                                c.withUnsafeMutableBufferPointer { pc in
                                    MatrixMultiply.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                                        alpha: 0.5, a: pa.baseAddress!, b: pb.baseAddress!,
                                                        beta: beta, c: pc.baseAddress!)
                                }
                            }
                        }
                        for (x, y) in zip(c, expected) {
                            XCTAssertEqual(x, y, accuracy: 1e-4, "m\(m) n\(n) k\(k) tA \(transposeA) tB \(transposeB) β \(beta)")
                        }
                    }
                }
            }
        }
    }
}
