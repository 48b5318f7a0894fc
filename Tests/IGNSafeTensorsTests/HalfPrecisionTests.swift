import IGNLayers
@testable import IGNSafeTensors
import XCTest

/// F16 and BF16 conversions against Swift's own `Float16` and exact bit-level expectations.
final class HalfPrecisionTests: XCTestCase {
    func testEveryHalfWidensExactly() {
        for bits in 0...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let actual = HalfPrecision.float(fromHalf: bits)
            if expected.isNaN {
                XCTAssertTrue(actual.isNaN, "half 0x\(String(bits, radix: 16))")
            } else {
                XCTAssertEqual(actual.bitPattern, expected.bitPattern, "half 0x\(String(bits, radix: 16))")
            }
        }
    }

    func testNarrowingToHalfRoundsLikeFloat16() {
        var generator = RandomGenerator(seed: 3)
        var samples: [Float] = [0, -0, 1, -1, 65504, 65519.99, 65520, 1e9, -1e9, .infinity, -.infinity,
                                Float.leastNonzeroMagnitude, 5.960464e-8, 2.9802322e-8, 2.9802326e-8,
                                6.097555e-5, 6.1035156e-5, 1.0009766, 1.00048828125, 1.00146484375]
        for _ in 0..<100_000 {
            // Random bit patterns over the whole range, and random values near half's range.
            samples.append(Float(bitPattern: UInt32(truncatingIfNeeded: generator.next())))
            samples.append(Float(generator.nextUniform() * 2 - 1) * Float(1 << (generator.next() % 20)) * 1e-4)
        }
        for value in samples where !value.isNaN {
            XCTAssertEqual(HalfPrecision.half(from: value), Float16(value).bitPattern, "\(value)")
        }
        XCTAssertTrue(HalfPrecision.float(fromHalf: HalfPrecision.half(from: .nan)).isNaN)
    }

    func testBFloat16() {
        XCTAssertEqual(HalfPrecision.bfloat16(from: 1), 0x3F80)
        XCTAssertEqual(HalfPrecision.float(fromBFloat16: 0x3F80), 1)
        XCTAssertEqual(HalfPrecision.float(fromBFloat16: 0xC040), -3)
        // 1 + 2⁻⁸ is a tie between 1 and 1 + 2⁻⁷: to even (1).
        XCTAssertEqual(HalfPrecision.bfloat16(from: 1 + 1.0 / 256), 0x3F80)
        // 1 + 3·2⁻⁸ is a tie between 1 + 2⁻⁷ and 1 + 2⁻⁶: to even (1 + 2⁻⁶).
        XCTAssertEqual(HalfPrecision.bfloat16(from: 1 + 3.0 / 256), 0x3F82)
        XCTAssertEqual(HalfPrecision.bfloat16(from: 1 + 1.5 / 256), 0x3F81)
        XCTAssertEqual(HalfPrecision.bfloat16(from: .greatestFiniteMagnitude), 0x7F80)  // rounds to infinity
        XCTAssertTrue(HalfPrecision.float(fromBFloat16: HalfPrecision.bfloat16(from: .nan)).isNaN)
        var generator = RandomGenerator(seed: 5)
        for _ in 0..<10_000 {
            let value = generator.normal(count: 1, standardDeviation: 100)[0]
            let back = HalfPrecision.float(fromBFloat16: HalfPrecision.bfloat16(from: value))
            XCTAssertLessThanOrEqual(abs(back - value), abs(value) / 256, "\(value)")
        }
    }
}
