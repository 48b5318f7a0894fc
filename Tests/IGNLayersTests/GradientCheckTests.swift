@testable import IGNLayers
import IGNTestSupport
import XCTest

/// Central finite differences against every layer's backward pass: input gradients and
/// parameter gradients, for L = Σ r ⊙ layer(x) with a fixed random r.
///
/// The engine computes in Float, so steps are large (1e-2) and the loss is summed in Double;
/// inputs of piecewise-linear layers are kept further than one step from their kinks.
final class GradientCheckTests: XCTestCase {
    private var generator = RandomGenerator(seed: 42)

    private func random(_ shape: [Int], scale: Float = 1, awayFromZero margin: Float = 0) -> Tensor {
        var values = generator.normal(count: shape.reduce(1, *), standardDeviation: scale)
        if margin > 0 { values = values.map { abs($0) < margin ? ($0 < 0 ? -margin : margin) + $0 : $0 } }
        return Tensor(shape: shape, scalars: values)
    }

    private func randomizeParameters(_ layer: Layer, scale: Float = 0.5) {
        for (_, parameter) in layer.parameters {
            parameter.value = generator.normal(count: parameter.count, standardDeviation: scale)
        }
    }

    /// Checks `layer` at `input` in `mode`; `prepare` runs before every forward pass (to fix
    /// random state such as dropout masks).
    private func check(_ layer: Layer, input: Tensor, mode: ForwardMode, step: Float = 1e-2,
                       tolerance: Double = 1e-2, prepare: () -> Void = {}, _ what: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        prepare()
        let probe = Pass(layer, input: input, mode: mode)
        let weights = random(probe.output.nchw().shape)
        func loss(_ x: Tensor) -> Double {
            prepare()
            let y = Pass(layer, input: x, mode: mode).output.nchw()
            return zip(y.scalars, weights.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        layer.zeroGradients()
        probe.backward(layer, gradOutput: weights)
        let analyticInput = probe.gradInput.nchw()
        let gradients = layer.parameters.map { ($0.name, $0.parameter, $0.parameter.gradient) }
        func compare(_ numeric: Double, _ analytic: Float, _ label: String) {
            let error = abs(numeric - Double(analytic))
            XCTAssertLessThanOrEqual(error, tolerance * (abs(numeric) + 0.1),
                                     "\(what) \(label): numeric \(numeric), analytic \(analytic)",
                                     file: file, line: line)
        }
        for i in 0..<input.count {
            var plus = input, minus = input
            plus.scalars[i] += step
            minus.scalars[i] -= step
            compare((loss(plus) - loss(minus)) / Double(2 * step), analyticInput.scalars[i], "∂/∂x[\(i)]")
        }
        for (name, parameter, analytic) in gradients {
            for i in 0..<parameter.count {
                let original = parameter.value[i]
                parameter.value[i] = original + step
                let up = loss(input)
                parameter.value[i] = original - step
                let down = loss(input)
                parameter.value[i] = original
                compare((up - down) / Double(2 * step), analytic[i], "∂/∂\(name)[\(i)]")
            }
        }
    }

    func testConv2d() {
        for (k, s, p, bias) in [(3, 2, 1, true), (4, 2, 0, false), (2, 1, 1, true)] {
            let layer = Conv2d(2, 3, kernel: k, stride: s, padding: p, bias: bias)
            randomizeParameters(layer)
            check(layer, input: random([2, 2, 5, 6]), mode: .training, "conv k\(k) s\(s) p\(p)")
        }
    }

    func testConvTranspose2d() {
        for (k, s, p, bias) in [(3, 2, 1, true), (4, 2, 1, false), (2, 3, 0, true)] {
            let layer = ConvTranspose2d(2, 3, kernel: k, stride: s, padding: p, bias: bias)
            randomizeParameters(layer)
            check(layer, input: random([2, 2, 3, 4]), mode: .training, "convT k\(k) s\(s) p\(p)")
        }
    }

    /// Convolutions are linear in their input and in their weights, so central differences
    /// are exact at any step: a large one keeps Winograd's float rounding (≈1e-5 of the
    /// outputs for F(5×5, 3×3)) out of the numeric derivative.
    func testWinogradConvolutions() {
        for p in 0...2 {
            let conv = Conv2d(2, 3, kernel: 3, stride: 1, padding: p, bias: true)
            conv.algorithm = .winograd
            randomizeParameters(conv)
            check(conv, input: random([2, 2, 7, 5]), mode: .training, step: 0.5, "Winograd conv p\(p)")
        }
        let strided = Conv2d(2, 3, kernel: 4, stride: 2, padding: 1, bias: false)
        strided.algorithm = .winograd
        randomizeParameters(strided)
        check(strided, input: random([2, 2, 7, 6]), mode: .training, step: 0.5, "Winograd conv k4 s2")
        let upsampling = ConvTranspose2d(3, 2, kernel: 4, stride: 2, padding: 1, bias: true)
        upsampling.algorithm = .winograd
        randomizeParameters(upsampling)
        check(upsampling, input: random([2, 3, 3, 4]), mode: .training, step: 0.5, "Winograd convT k4 s2")
        for p in 0...1 {
            let deconv = ConvTranspose2d(3, 2, kernel: 3, stride: 1, padding: p, bias: p == 0)
            deconv.algorithm = .winograd
            randomizeParameters(deconv)
            check(deconv, input: random([2, 3, 4, 5]), mode: .training, step: 0.5, "Winograd convT p\(p)")
        }
    }

    func testBatchNormWithBatchStatistics() {
        let layer = BatchNorm2d(3)
        randomizeParameters(layer)
        layer.weight.value = layer.weight.value.map { 1 + $0 }
        check(layer, input: random([3, 3, 2, 3], scale: 2), mode: .frozenTraining, "batch norm (batch statistics)")
        // The 1×1 maps of a bottleneck: statistics over the batch alone.
        check(layer, input: random([4, 3, 1, 1], scale: 2), mode: .inferenceWithBatchStatistics, "batch norm 1×1")
    }

    func testBatchNormWithRunningStatistics() {
        let layer = BatchNorm2d(3)
        randomizeParameters(layer)
        layer.runningMean.value = [0.3, -0.2, 1]
        layer.runningVariance.value = [0.5, 2, 1.5]
        check(layer, input: random([2, 3, 2, 3]), mode: .inference, "batch norm (running statistics)")
    }

    func testActivations() {
        let input = random([2, 3, 3, 4], awayFromZero: 0.05)
        for function in [Activation.Function.relu, .leakyReLU(slope: 0.2), .tanh] {
            check(Activation(function), input: input, mode: .training, "\(function)")
        }
    }

    func testDropout2d() {
        let layer = Dropout2d(probability: 0.4)
        check(layer, input: random([3, 4, 2, 2]), mode: .training,
              prepare: { layer.generator = RandomGenerator(seed: 9) }, "dropout2d")
    }

    func testNestedSequential() {
        let network = Sequential([
            Sequential([Conv2d(1, 3, kernel: 3, stride: 2, padding: 1), BatchNorm2d(3), Activation(.tanh)]),
            Sequential([ConvTranspose2d(3, 2, kernel: 4, stride: 2, padding: 1), BatchNorm2d(2), Activation(.tanh)]),
            Conv2d(2, 1, kernel: 1),
        ])
        randomizeParameters(network)
        for case let bn as BatchNorm2d in (network.leaves) { bn.weight.value = bn.weight.value.map { 1 + $0 } }
        check(network, input: random([2, 1, 5, 6]), mode: .frozenTraining, "nested sequential")
    }

    func testDistances() {
        let a = random([3, 2, 3, 2]), b = random([3, 2, 3, 2])
        let weights: [Float] = [0.5, -1.5, 2]
        for distance in Distance.allCases {
            func loss(_ a: Tensor) -> Double {
                zip(distance.perImage(FeatureMaps(nchw: a), FeatureMaps(nchw: b)), weights)
                    .reduce(0) { $0 + Double($1.0) * Double($1.1) }
            }
            let gradA = FeatureMaps(), gradB = FeatureMaps()
            gradA.resize(like: FeatureMaps(nchw: a)); gradA.zero()
            gradB.resize(like: FeatureMaps(nchw: a)); gradB.zero()
            distance.accumulateGradient(FeatureMaps(nchw: a), FeatureMaps(nchw: b), weights: weights,
                                        intoA: gradA, intoB: gradB)
            let analytic = gradA.nchw(), analyticB = gradB.nchw()
            let step: Float = 1e-3  // below every |a - b|, so L1 stays differentiable
            XCTAssertTrue(zip(a.scalars, b.scalars).allSatisfy { abs($0 - $1) > 2 * step })
            for i in 0..<a.count {
                var plus = a, minus = a
                plus.scalars[i] += step
                minus.scalars[i] -= step
                let numeric = (loss(plus) - loss(minus)) / Double(2 * step)
                XCTAssertEqual(numeric, Double(analytic.scalars[i]), accuracy: 1e-2 * abs(numeric) + 1e-3,
                               "\(distance) ∂/∂a[\(i)]")
                XCTAssertEqual(analyticB.scalars[i], -analytic.scalars[i], "\(distance) ∂/∂b = −∂/∂a")
            }
        }
    }
}
