@testable import IGNCompute
@testable import IGNLayers
import IGNTestSupport
import XCTest

/// Winograd F(3×3, 3×3) against im2col on layers wide enough for float32 rounding to show
/// (the numpy fixtures and finite differences check small cases of both algorithms).
final class WinogradCorrelationTests: XCTestCase {
    private var generator = RandomGenerator(seed: 7)

    private func random(_ shape: [Int], scale: Float = 1) -> Tensor {
        Tensor(shape: shape, scalars: generator.normal(count: shape.reduce(1, *), standardDeviation: scale))
    }

    /// Runs the same layer with both algorithms and compares output, input gradient and
    /// parameter gradients.
    private func compareAlgorithms(_ make: () -> Layer, input shape: [Int], _ what: String,
                                   file: StaticString = #filePath, line: UInt = #line) {
        let direct = make(), winograd = make()
        (direct as? Conv2d)?.algorithm = .direct
        (direct as? ConvTranspose2d)?.algorithm = .direct
        (winograd as? Conv2d)?.algorithm = .winograd
        (winograd as? ConvTranspose2d)?.algorithm = .winograd
        for ((_, d), (_, w)) in zip(direct.parameters, winograd.parameters) {
            d.value = generator.normal(count: d.count, standardDeviation: 0.05)
            w.value = d.value
        }
        let input = random(shape)
        let reference = Pass(direct, input: input, mode: .training)
        let candidate = Pass(winograd, input: input, mode: .training)
        assertClose(candidate.output.nchw(), reference.output.nchw(), "\(what) output", file: file, line: line)
        let gradOutput = random(reference.output.nchw().shape)
        reference.backward(direct, gradOutput: gradOutput)
        candidate.backward(winograd, gradOutput: gradOutput)
        assertClose(candidate.gradInput.nchw(), reference.gradInput.nchw(), "\(what) grad input", file: file, line: line)
        for ((name, d), (_, w)) in zip(direct.parameters, winograd.parameters) {
            assertClose(Tensor(shape: w.shape, scalars: w.gradient), Tensor(shape: d.shape, scalars: d.gradient),
                        "\(what) grad \(name)", file: file, line: line)
        }
    }

    func testConvolutionsAgreeWithIm2col() {
        // The reference layout's Winograd layers, narrowed: 7² → 5² (one F(5×5) tile) and
        // 5² → 3² (one F(3×3) tile), plus padding and non-square maps (partial tiles).
        compareAlgorithms({ Conv2d(96, 64, kernel: 3, bias: false) }, input: [5, 96, 7, 7], "conv 7²→5²")
        compareAlgorithms({ Conv2d(128, 48, kernel: 3, bias: false) }, input: [4, 128, 5, 5], "conv 5²→3²")
        compareAlgorithms({ Conv2d(40, 24, kernel: 3, padding: 1) }, input: [3, 40, 9, 6], "conv padded")
        compareAlgorithms({ Conv2d(24, 16, kernel: 3) }, input: [2, 24, 13, 11], "conv 13×11 → 11×9, F(5×5) partial tiles")
        compareAlgorithms({ Conv2d(24, 16, kernel: 3) }, input: [2, 24, 6, 6], "conv 6² → 4², one F(5×5) tile, partly outside")
        compareAlgorithms({ Conv2d(24, 16, kernel: 3) }, input: [2, 24, 10, 10], "conv 10² → 8², F(5×5) partial tiles")
        compareAlgorithms({ Conv2d(24, 16, kernel: 3) }, input: [2, 24, 5, 9], "conv 5×9 → 3×7, F(3×3) partial tiles")
    }

    func testStrideTwoConvolutionsAgreeWithIm2col() {
        // 4×4 stride 2 as four 2×2 phases with F(4×4, 2×2): the reference's 14² → 7² layer,
        // odd and non-square maps, no padding.
        compareAlgorithms({ Conv2d(64, 48, kernel: 4, stride: 2, padding: 1, bias: false) }, input: [3, 64, 14, 14], "conv k4 s2 14²→7²")
        compareAlgorithms({ Conv2d(24, 40, kernel: 4, stride: 2, padding: 1) }, input: [2, 24, 13, 10], "conv k4 s2 odd")
        compareAlgorithms({ Conv2d(16, 8, kernel: 4, stride: 2, padding: 0) }, input: [2, 16, 12, 9], "conv k4 s2 p0")
        compareAlgorithms({ ConvTranspose2d(48, 32, kernel: 4, stride: 2, padding: 1, bias: false) }, input: [3, 48, 7, 7], "convT k4 s2 7²→14²")
        compareAlgorithms({ ConvTranspose2d(24, 16, kernel: 4, stride: 2, padding: 0) }, input: [2, 24, 5, 6], "convT k4 s2 p0")
        XCTAssertNil(WinogradCorrelation(kernel: 4, stride: 1, smallChannels: 1, largeChannels: 1, batch: 1,
                                         largeHeight: 8, largeWidth: 8, padding: 0), "no algorithm for 4×4 at stride 1")
    }

    func testTransposedConvolutionsAgreeWithIm2col() {
        compareAlgorithms({ ConvTranspose2d(128, 64, kernel: 3, bias: false) }, input: [4, 128, 3, 3], "convT 3²→5²")
        compareAlgorithms({ ConvTranspose2d(64, 32, kernel: 3, bias: false) }, input: [5, 64, 5, 5], "convT 5²→7²")
        compareAlgorithms({ ConvTranspose2d(24, 40, kernel: 3, padding: 1) }, input: [3, 24, 8, 5], "convT padded")
    }

    func testPortableTransformsAgreeWithTheKernels() {
        // Without AVX2 the tile transforms run as Swift loops: same layers, same answers.
        let saved = WinogradTransform.usesKernels
        defer { WinogradTransform.usesKernels = saved }
        WinogradTransform.usesKernels = false
        compareAlgorithms({ Conv2d(32, 24, kernel: 3, bias: false) }, input: [3, 32, 7, 7], "portable conv 7²→5²")
        compareAlgorithms({ Conv2d(16, 24, kernel: 4, stride: 2, padding: 1) }, input: [2, 16, 14, 14], "portable conv k4 s2")
        compareAlgorithms({ ConvTranspose2d(24, 16, kernel: 4, stride: 2, padding: 1) }, input: [2, 24, 7, 7], "portable convT k4 s2")
    }

    func testAutomaticChoice() {
        func plan(batch: Int, side: Int, channels: (Int, Int) = (512, 256)) -> WinogradCorrelation {
            WinogradCorrelation(kernel: 3, stride: 1, smallChannels: channels.0, largeChannels: channels.1,
                                batch: batch, largeHeight: side, largeWidth: side, padding: 0)!
        }
        XCTAssertFalse(plan(batch: 1, side: 5).pays, "one tile: matrix–vector products")
        XCTAssertFalse(plan(batch: 4, side: 7).pays)
        XCTAssertTrue(plan(batch: 64, side: 5).pays)
        XCTAssertTrue(plan(batch: 32, side: 7).pays)
        XCTAssertFalse(plan(batch: 256, side: 3).pays, "a 1×1 output: 25 products instead of 9")
        XCTAssertFalse(plan(batch: 256, side: 5, channels: (8, 8)).pays, "transforms outweigh the saving")
        // The algorithm that covers the small map with fewer products.
        XCTAssertEqual(plan(batch: 2, side: 5).weights.transform.outputSize, 3, "3² outputs: one F(3×3) tile")
        XCTAssertEqual(plan(batch: 2, side: 7).weights.transform.outputSize, 5, "5² outputs: one F(5×5) tile")
        XCTAssertEqual(plan(batch: 2, side: 7).tiles, 2)
        XCTAssertEqual(plan(batch: 2, side: 7).smallHeight, 5)
        XCTAssertEqual(plan(batch: 2, side: 9).weights.transform.outputSize, 5, "7²: 4 tiles of 49 beat 9 of 25")
        XCTAssertEqual(plan(batch: 2, side: 9).tiles, 8)
        let wide = WinogradCorrelation(kernel: 3, stride: 1, smallChannels: 8, largeChannels: 8, batch: 1,
                                       largeHeight: 5, largeWidth: 9, padding: 0)!
        XCTAssertEqual(wide.weights.transform.outputSize, 3, "3×7: three F(3×3) tiles (75) beat two F(5×5) (98)")
    }

    func testFoldedCopyKeepsTransformedWeights() {
        // Batch 40 of 5×5 maps: automatic picks Winograd, with the weights the fold transformed.
        let network = Sequential([Conv2d(128, 96, kernel: 3, bias: false), BatchNorm2d(96),
                                  ConvTranspose2d(96, 64, kernel: 3, bias: false), BatchNorm2d(64)])
        for (_, parameter) in network.parameters {
            parameter.value = generator.normal(count: parameter.count, standardDeviation: 0.2)
        }
        for (_, buffer) in network.stateBuffers where buffer.value.count > 0 {
            buffer.value = buffer.value.map { _ in Float.random(in: 0.5...1.5) }
        }
        let folded = network.foldedForInference()
        for layer in folded.layers {
            let (conv, deconv) = (layer as? Conv2d, layer as? ConvTranspose2d)
            XCTAssertNotNil(conv?.winogradWeights.isFixed ?? deconv?.winogradWeights.isFixed)
            XCTAssertTrue(conv?.winogradWeights.isFixed ?? deconv!.winogradWeights.isFixed)
        }
        let plans = [WinogradCorrelation(kernel: 3, stride: 1, smallChannels: 96, largeChannels: 128, batch: 40,
                                         largeHeight: 5, largeWidth: 5, padding: 0)!,
                     WinogradCorrelation(kernel: 3, stride: 1, smallChannels: 96, largeChannels: 64, batch: 40,
                                         largeHeight: 5, largeWidth: 5, padding: 0)!]
        XCTAssertTrue(plans.allSatisfy { $0.pays })
        let input = random([40, 128, 5, 5])
        let expected = Pass(network, input: input, mode: .inference).output.nchw()
        let actual = Pass(folded, input: input, mode: .inference).output.nchw()
        assertClose(actual, expected, "folded Winograd network")
        // A second batch through the same copy uses the same kept weights.
        let again = Pass(folded, input: input, mode: .inference).output.nchw()
        XCTAssertEqual(again.scalars, actual.scalars)
    }
}
