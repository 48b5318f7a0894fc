import IGN
import IGNNeural
import IGNTestSupport
import XCTest

final class TrainingStepTests: XCTestCase {
    /// The IGN gradient, term by term, by central differences with the frozen parts held
    /// at the current weights: rec(θ), idem = D(f₀(f_θ(z)), f_θ(z)),
    /// tight = −D(f_θ(f₀(z)), f₀(z)) clamped with scale a·rec₀.
    func testGradientMatchesFiniteDifferencesOfTheObjective() throws {
        try checkGradient(rec: 20, idem: 20, tight: 2.5)
    }

    func testGradientRecOnly() throws { try checkGradient(rec: 20, idem: 0, tight: 0) }
    func testGradientIdemOnly() throws { try checkGradient(rec: 0, idem: 20, tight: 0) }
    func testGradientTightOnly() throws { try checkGradient(rec: 20, idem: 0, tight: 2.5, recInLoss: false) }
    /// The reconstruction term with its own input (gray pairs): D(f(input), x).
    func testGradientWithASeparateReconstructionInput() throws {
        try checkGradient(rec: 20, idem: 20, tight: 2.5, separateInput: true)
    }

    private func checkGradient(rec λr: Float, idem λi: Float, tight λt: Float, recInLoss: Bool = true,
                               separateInput: Bool = false) throws {
        let network = tinyNetwork()
        let frozen = tinyNetwork()
        let data = blobImages(count: 8)
        let x = maps(data, count: 4)
        let input = separateInput ? maps(data, count: 4, offset: 4) : x
        let z = FeatureMaps()
        z.resize(like: x)
        var generator = RandomGenerator(seed: 11)
        generator.fillNormal(z.pointer, count: z.count)
        // MSE keeps the objective smooth where central differences look (L1's kinks would
        // dominate them); the L1 gradient itself is checked in the engine's Distance tests.
        var objective = Objective.paper
        objective.distance = .mse
        objective.tightnessClamp = 1.5
        objective.reconstructionWeight = recInLoss ? λr : 0
        objective.idempotenceWeight = λi
        objective.tightnessWeight = λt

        let optimizer = Adam(parameters: network.parameters.map(\.parameter))
        let step = TrainingStep(network: network, optimizer: optimizer, objective: objective)
        _ = step.computeGradients(x: x, z: z, input: separateInput ? input : nil)

        func forward(_ layer: Layer, _ input: FeatureMaps) -> FeatureMaps {
            let output = FeatureMaps()
            layer.forward(input, into: output, cache: LayerCache(), mode: .frozenTraining)
            return output
        }
        func copyWeights(from source: Layer, to target: Layer) {
            for ((_, a), (_, b)) in zip(source.parameters, target.parameters) { b.value = a.value }
        }
        copyWeights(from: network, to: frozen)
        let rec0 = objective.distance.perImage(forward(frozen, input), x)
        let fz0 = forward(frozen, z)
        func loss() -> Double {
            let d = objective.distance
            let rec = d.perImage(forward(network, input), x)
            let fz = forward(network, z)
            let idem = d.perImage(forward(frozen, fz), fz)
            let raw = d.perImage(forward(network, fz0), fz0).map { -$0 }
            var total: Double = 0
            for n in 0..<x.batch {
                let scale = 1.5 * rec0[n]
                let tight = Double(tanh(raw[n] / scale) * scale)
                total += Double(objective.reconstructionWeight * rec[n] + objective.idempotenceWeight * idem[n])
                    + Double(objective.tightnessWeight) * tight
            }
            return total / Double(x.batch)
        }
        var checked = 0
        var generatorPick = RandomGenerator(seed: 5)
        for (name, parameter) in network.parameters {
            for _ in 0..<3 {
                let i = Int(generatorPick.next() % UInt64(parameter.count))
                let original = parameter.value[i]
                let epsilon: Float = 5e-4
                parameter.value[i] = original + epsilon
                let plus = loss()
                parameter.value[i] = original - epsilon
                let minus = loss()
                parameter.value[i] = original
                let numeric = (plus - minus) / Double(2 * epsilon)
                let analytic = Double(parameter.gradient[i])
                XCTAssertEqual(analytic, numeric, accuracy: 2e-2 * max(1, abs(numeric)), "\(name)[\(i)]")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 20)
    }

    /// Running f_copy as its own pass (what a network with dropout needs) gives the same
    /// gradients as sharing f(f(z)↓)'s pass.
    func testSharedCopyPassEqualsSeparatePass() {
        let shared = tinyNetwork(dropout: false)
        let separate = tinyNetwork(dropout: true)
        let x = maps(blobImages(count: 4), count: 4)
        let z = FeatureMaps()
        z.resize(like: x)
        var generator = RandomGenerator(seed: 2)
        generator.fillNormal(z.pointer, count: z.count)
        let a = TrainingStep(network: shared, optimizer: Adam(parameters: shared.parameters.map(\.parameter)), objective: .paper)
        let b = TrainingStep(network: separate, optimizer: Adam(parameters: separate.parameters.map(\.parameter)), objective: .paper)
        XCTAssertTrue(a.sharesCopyPass)
        XCTAssertFalse(b.sharesCopyPass)
        let lossA = a.computeGradients(x: x, z: z), lossB = b.computeGradients(x: x, z: z)
        XCTAssertEqual(lossA.total, lossB.total, accuracy: 1e-5)
        for ((name, p), (_, q)) in zip(shared.parameters, separate.parameters) {
            for i in 0..<p.count {
                XCTAssertEqual(p.gradient[i], q.gradient[i], accuracy: 1e-5 * max(1, abs(p.gradient[i])), name)
            }
        }
    }

    func testTrainingReducesReconstructionLoss() throws {
        var configuration = TrainingConfiguration()
        configuration.batchSize = 16
        configuration.learningRate = 3e-3
        configuration.heldOut = 0
        let trainer = try Trainer(configuration: configuration, model: IGNModel(network: tinyNetwork()),
                                  data: blobImages(count: 64))
        let losses = (0..<150).map { _ in trainer.runStep().reconstruction }
        let first = losses.prefix(10).reduce(0, +) / 10, last = losses.suffix(10).reduce(0, +) / 10
        XCTAssertLessThan(last, first * 0.6, "reconstruction loss \(first) → \(last)")
    }
}
