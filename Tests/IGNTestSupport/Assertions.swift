import IGNLayers
import XCTest

/// Asserts that `actual` matches `expected` to a relative tolerance: every element within
/// `tolerance · (|expected| + rms(expected)) + absolute`, so near-zero elements are judged at
/// the scale of the whole tensor (and exact zeros, such as the gradient of a bias followed by
/// batch norm, at float32 rounding).
public func assertClose(_ actual: Tensor, _ expected: Tensor, tolerance: Float = 1e-4, absolute: Double = 1e-6,
                        _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.shape, expected.shape, "\(what): shape", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    let rms = (expected.scalars.reduce(0) { $0 + Double($1) * Double($1) } / Double(max(expected.count, 1))).squareRoot()
    var worst: (index: Int, error: Double, bound: Double)?
    for i in 0..<expected.count {
        let error = abs(Double(actual.scalars[i]) - Double(expected.scalars[i]))
        let bound = Double(tolerance) * (abs(Double(expected.scalars[i])) + rms) + absolute
        if !(error <= bound), worst == nil || error / bound > worst!.error / worst!.bound {
            worst = (i, error, bound)
        }
    }
    if let worst {
        XCTFail("\(what): element \(worst.index) is \(actual.scalars[worst.index]), expected \(expected.scalars[worst.index]) (error \(worst.error), allowed \(worst.bound))",
                file: file, line: line)
    }
}

/// Asserts equality of a flat array with a tensor's values.
public func assertClose(_ actual: [Float], _ expected: Tensor, tolerance: Float = 1e-4, _ what: String,
                        file: StaticString = #filePath, line: UInt = #line) {
    assertClose(Tensor(shape: [actual.count], scalars: actual),
                Tensor(shape: [expected.count], scalars: expected.scalars),
                tolerance: tolerance, what, file: file, line: line)
}
