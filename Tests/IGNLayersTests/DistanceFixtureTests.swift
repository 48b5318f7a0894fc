@testable import IGNLayers
import IGNSafeTensors
import IGNTestSupport
import XCTest

/// Per-image L1 and MSE distances and their weighted gradients against the numpy reference.
final class DistanceFixtureTests: XCTestCase {
    func testDistancesAndGradientsMatchReference() throws {
        let file = try fixture("distance")
        let a = FeatureMaps(nchw: try file.tensor("a")), b = FeatureMaps(nchw: try file.tensor("b"))
        let weights = try file.tensor("weights").scalars
        for distance in Distance.allCases {
            let name = distance == .l1 ? "l1" : "mse"
            assertClose(distance.perImage(a, b), try file.tensor(name), "\(name) per image")
            let gradA = FeatureMaps(), gradB = FeatureMaps()
            gradA.resize(like: a); gradA.zero()
            gradB.resize(like: a); gradB.zero()
            distance.accumulateGradient(a, b, weights: weights, intoA: gradA, intoB: gradB)
            let expected = try file.tensor(name + ".grad_a")
            assertClose(gradA.nchw(), expected, "\(name) grad a")
            var negated = expected
            negated.scalars = negated.scalars.map { -$0 }
            assertClose(gradB.nchw(), negated, "\(name) grad b")
            // Accumulates: a second call doubles the gradient.
            distance.accumulateGradient(a, b, weights: weights, intoA: gradA, intoB: nil)
            negated.scalars = expected.scalars.map { 2 * $0 }
            assertClose(gradA.nchw(), negated, "\(name) accumulated grad a")
        }
    }
}
