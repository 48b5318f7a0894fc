import Foundation
import XCTest
@testable import IGNNeural

/// Opens a committed fixture file (written by Fixtures/make_fixtures.py).
func fixture(_ name: String) throws -> SafeTensors {
    let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "safetensors",
                                              subdirectory: "Fixtures"),
                            "fixture \(name).safetensors is not in the test bundle")
    return try SafeTensors(contentsOf: url)
}

/// A fixture case's hyper-parameters (JSON in the file's metadata).
func caseParameters(_ file: SafeTensors, _ name: String) throws -> [String: Any] {
    let json = try XCTUnwrap(file.metadata[name], "no metadata for \(name)")
    return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
}

/// Asserts that `actual` matches `expected` to a relative tolerance: every element within
/// `tolerance · (|expected| + rms(expected)) + absolute`, so near-zero elements are judged at
/// the scale of the whole tensor (and exact zeros, such as the gradient of a bias followed by
/// batch norm, at float32 rounding).
func assertClose(_ actual: Tensor, _ expected: Tensor, tolerance: Float = 1e-4, absolute: Double = 1e-6,
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
func assertClose(_ actual: [Float], _ expected: Tensor, tolerance: Float = 1e-4, _ what: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    assertClose(Tensor(shape: [actual.count], scalars: actual),
                Tensor(shape: [expected.count], scalars: expected.scalars),
                tolerance: tolerance, what, file: file, line: line)
}

/// One forward and one backward pass of `layer`, starting from NCHW tensors.
struct Pass {
    let input: FeatureMaps
    let output = FeatureMaps()
    let cache = LayerCache()
    let gradInput = FeatureMaps()

    init(_ layer: Layer, input: Tensor, mode: ForwardMode) {
        self.input = FeatureMaps(nchw: input)
        layer.forward(self.input, into: output, cache: cache, mode: mode)
    }

    func backward(_ layer: Layer, gradOutput: Tensor, parameterGradients: Bool = true) {
        let upstream = FeatureMaps(nchw: gradOutput)
        layer.backward(input: input, output: output, gradOutput: upstream, gradInput: gradInput,
                       cache: cache, parameterGradients: parameterGradients)
    }
}

extension Layer {
    /// Sets every parameter (and state buffer) by key from `tensors`, ignoring other keys.
    func setWeights(from file: SafeTensors, prefix: String) throws {
        for (name, parameter) in parameters {
            parameter.value = try file.tensor(prefix + name).scalars
        }
        for (name, buffer) in stateBuffers {
            buffer.value = try file.tensor(prefix + name).scalars
        }
    }

    func zeroGradients() { parameters.forEach { $0.parameter.zeroGradient() } }
}
