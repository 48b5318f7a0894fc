import CKernels
@testable import IGNCompute
import IGNLayers
import XCTest

/// The packed narrow-product kernel against a plain triple loop in Double, on both of its
/// paths (AVX-512 where the CPU has it, and AVX2).
final class PackedMatrixTests: XCTestCase {
    func testProductsMatchNaiveOnes() throws {
        try XCTSkipUnless(PackedMatrix.isAvailable, "this CPU has no AVX2/FMA: BLAS is used instead")
        defer { ign_packed_gemm_limit_to_avx2(0) }
        for limit: Int32 in ign_packed_gemm_vector_bits() == 512 ? [0, 1] : [1] {
            ign_packed_gemm_limit_to_avx2(limit)
            try checkProducts(label: "\(ign_packed_gemm_vector_bits())-bit")
        }
        XCTAssertFalse(PackedMatrix([1], rows: 1, depth: 1, transposed: false)!.handles(columns: 1025))
    }

    private func checkProducts(label: String) throws {
        var generator = RandomGenerator(seed: 11)
        // Rows around the 16-row panel; columns around the AVX2 kernel's 6-column block and
        // the AVX-512 kernel's 28-column pass (29, 57 and 64 take two and three passes), and up to
        // the widest it is used for.
        for (rows, depth, columns) in [(1, 1, 1), (16, 7, 6), (17, 33, 13), (40, 100, 1), (128, 64, 64), (5, 300, 25),
                                       (33, 20, 28), (18, 9, 29), (20, 17, 57), (3, 5, 9), (35, 24, 300), (16, 12, 1024)] {
            for transposed in [false, true] {
                let a = generator.normal(count: rows * depth, standardDeviation: 1)
                let b = generator.normal(count: depth * columns, standardDeviation: 1)
                let packed = try XCTUnwrap(a.withUnsafeBufferPointer {
                    PackedMatrix($0.baseAddress!, rows: rows, depth: depth, transposed: transposed)
                })
                XCTAssertTrue(packed.handles(columns: columns))
                var c = [Float](repeating: .nan, count: rows * columns)
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        packed.multiply(b.baseAddress!, columns: columns, into: c.baseAddress!)
                    }
                }
                for r in 0..<rows {
                    for j in 0..<columns {
                        var expected = 0.0
                        for k in 0..<depth {
                            let value = transposed ? a[k * rows + r] : a[r * depth + k]
                            expected += Double(value) * Double(b[k * columns + j])
                        }
                        XCTAssertEqual(Double(c[r * columns + j]), expected, accuracy: 1e-4 * (1 + abs(expected)),
                                       "\(label): \(rows)×\(depth)×\(columns) transposed \(transposed) at [\(r)][\(j)]")
                    }
                }
            }
        }
    }
}
