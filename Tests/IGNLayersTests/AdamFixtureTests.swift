@testable import IGNLayers
import IGNSafeTensors
import IGNTestSupport
import XCTest

/// Adam against the numpy re-implementation of `torch.optim.Adam` (bias corrections, ε
/// outside the square root, L2 weight decay), four steps, three hyper-parameter sets.
final class AdamFixtureTests: XCTestCase {
    func testUpdatesMatchReference() throws {
        let file = try fixture("adam")
        for name in file.metadata.keys.sorted() {
            let p = try caseParameters(file, name)
            let count = p["params"] as! Int
            let parameters = try (0..<count).map { j -> Parameter in
                let initial = try file.tensor("\(name).param\(j).initial")
                let parameter = Parameter(shape: initial.shape)
                parameter.value = initial.scalars
                return parameter
            }
            let adam = Adam(parameters: parameters, learningRate: Float(p["lr"] as! Double),
                            beta1: Float(p["beta1"] as! Double), beta2: Float(p["beta2"] as! Double),
                            epsilon: Float(p["eps"] as! Double), weightDecay: Float(p["weight_decay"] as! Double))
            for step in 1...(p["steps"] as! Int) {
                adam.zeroGradients()
                for (j, parameter) in parameters.enumerated() {
                    parameter.gradient = try file.tensor("\(name).param\(j).grad\(step)").scalars
                }
                adam.update()
                XCTAssertEqual(adam.step, step)
                for (j, parameter) in parameters.enumerated() {
                    assertClose(parameter.value, try file.tensor("\(name).param\(j).after\(step)"),
                                "\(name) param\(j) after step \(step)")
                }
            }
        }
    }

    func testFrozenParametersAreSkipped() {
        let parameter = Parameter(shape: [3], value: 1)
        parameter.requiresGradient = false
        parameter.gradient = [1, 2, 3]
        let adam = Adam(parameters: [parameter])
        adam.update()
        XCTAssertEqual(parameter.value, [1, 1, 1])
    }
}
