import IGNCompute
import Synchronization

/// What `Conv2d` and `ConvTranspose2d` share, one family in one place (as mlx-swift keeps its
/// convolutions): channels, window, weight and bias, the choice of algorithm, the Winograd
/// branch of both passes, the weights an inference copy prepares once, and folding a batch
/// norm into the weights. Each member keeps only its own geometry and im2col/col2im passes.
///
/// In Winograd's terms (`WinogradCorrelation`) both link a *small* and a *large* map through
/// weights `[small][large][k][k]`: a convolution maps its input (large) to its output
/// (small), with PyTorch's weights `[out, in, k, k]`; a transposed convolution, its adjoint,
/// maps its input (small) to its output (large), with weights `[in, out, k, k]`.
public class Convolution {
    public let inputChannels: Int
    public let outputChannels: Int
    public let window: ConvolutionWindow
    /// `[out, in, k, k]` for `Conv2d`, `[in, out, k, k]` for `ConvTranspose2d` (PyTorch's
    /// layouts; `[small, large, k, k]` either way).
    public let weight: Parameter
    /// `[out]`, or nil without bias.
    public let bias: Parameter?
    /// How the layer computes when its kernel is 3×3 at stride 1 or 4×4 at stride 2 (other
    /// shapes always use im2col or col2im and one product): Winograd where it pays, by default.
    public var algorithm: ConvolutionAlgorithm = .automatic
    /// Which way the layer maps: `.largeToSmall` for a convolution, `.smallToLarge` for a
    /// transposed one.
    let direction: WinogradCorrelation.Direction
    let winogradWeights = WinogradWeights()
    /// The weights packed for narrow products, in an inference copy (see `fixWeights`).
    private let packing = Mutex<Packing>(.weightsMayChange)

    private enum Packing {
        case weightsMayChange
        case fixed(PackedMatrix?)
        case notYet
    }

    init(_ inputChannels: Int, _ outputChannels: Int, kernel: Int, stride: Int, padding: Int, bias: Bool,
         direction: WinogradCorrelation.Direction) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.direction = direction
        self.window = ConvolutionWindow(kernel: kernel, stride: stride, padding: padding)
        let (small, large) = direction == .largeToSmall ? (outputChannels, inputChannels) : (inputChannels, outputChannels)
        self.weight = Parameter(shape: [small, large, kernel, kernel])
        self.bias = bias ? Parameter(shape: [outputChannels]) : nil
    }

    /// Channels of the small map (a convolution's output, a transposed convolution's input).
    var smallChannels: Int { direction == .largeToSmall ? outputChannels : inputChannels }
    /// Channels of the large map (a convolution's input, a transposed convolution's output).
    var largeChannels: Int { direction == .largeToSmall ? inputChannels : outputChannels }
    /// Rows of the column matrix of im2col/col2im: large channels × k².
    var columnRows: Int { largeChannels * window.kernel * window.kernel }

    public var parameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public var spec: LayerSpec {
        let (i, o, k, s, p) = (inputChannels, outputChannels, window.kernel, window.stride, window.padding)
        switch direction {
        case .largeToSmall: return .conv2d(inChannels: i, outChannels: o, kernel: k, stride: s, padding: p, bias: bias != nil)
        case .smallToLarge: return .convTranspose2d(inChannels: i, outChannels: o, kernel: k, stride: s, padding: p, bias: bias != nil)
        }
    }

    // MARK: Winograd

    /// The Winograd plan for this input, when the layer computes it that way.
    private func winogradPlan(for input: FeatureMaps) -> WinogradCorrelation? {
        let inputIsLarge = direction == .largeToSmall
        guard algorithm != .direct,
              let plan = WinogradCorrelation(kernel: window.kernel, stride: window.stride,
                                             smallChannels: smallChannels, largeChannels: largeChannels,
                                             batch: input.batch,
                                             largeHeight: inputIsLarge ? input.height : window.transposedSize(input.height),
                                             largeWidth: inputIsLarge ? input.width : window.transposedSize(input.width),
                                             padding: window.padding)
        else { return nil }
        return algorithm == .winograd || plan.pays ? plan : nil
    }

    /// The forward pass by Winograd into `output` (already sized), bias included, when the
    /// layer computes this input that way; false when it does not (and nothing was done).
    func winogradForward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache) -> Bool {
        guard let plan = winogradPlan(for: input) else { return false }
        let u = winogradWeights.forForward(weight, plan: plan, cache: cache, slot: 2)
        plan.forward(direction, input: input.pointer, output: output.pointer, weights: u, scratch: cache)
        if let bias { addBias(bias.value, to: output) }
        return true
    }

    /// The backward pass by Winograd, when the forward pass took that way; false otherwise.
    func winogradBackward(input: FeatureMaps, gradOutput: FeatureMaps, gradInput: FeatureMaps?,
                          cache: LayerCache, parameterGradients: Bool) -> Bool {
        guard let plan = winogradPlan(for: input) else { return false }
        gradInput?.resize(like: input)
        let u = winogradWeights.forBackward(plan: plan, cache: cache, slot: 2)
        let weightGradients = parameterGradients && weight.requiresGradient
        weight.gradient.withUnsafeMutableBufferPointer { dw in
            plan.backward(direction, gradOutput: gradOutput.pointer, gradInput: gradInput?.pointer, weights: u,
                          weightGradient: weightGradients ? dw.baseAddress! : nil, scratch: cache)
        }
        accumulateBiasGradient(gradOutput, parameterGradients: parameterGradients)
        return true
    }

    /// Adds the bias gradient (each output channel's sum of `gradOutput`) when asked for.
    private func accumulateBiasGradient(_ gradOutput: FeatureMaps, parameterGradients: Bool) {
        if parameterGradients, let bias, bias.requiresGradient {
            accumulateChannelSums(of: gradOutput, into: &bias.gradient)
        }
    }

    /// The im2col passes' parameter gradients, when asked for: `dW[small, large·k²] +=
    /// small[small, N·P] · columnsᵀ`, with `columns` the large side unfolded by im2col
    /// (`columnRows × columnsLength`) — a convolution's input and its output's gradient, or
    /// a transposed convolution's output gradient and its input — and the bias gradient.
    func accumulateParameterGradients(small: UnsafePointer<Float>, columns: UnsafePointer<Float>,
                                      columnsLength: Int, gradOutput: FeatureMaps, parameterGradients: Bool) {
        if parameterGradients && weight.requiresGradient {
            weight.gradient.withUnsafeMutableBufferPointer { dw in
                MatrixMultiply.gemm(transposeB: true, m: smallChannels, n: columnRows, k: columnsLength,
                                    a: small, b: columns, beta: 1, c: dw.baseAddress!)
            }
        }
        accumulateBiasGradient(gradOutput, parameterGradients: parameterGradients)
    }

    // MARK: Inference copies

    /// Has the weights prepared once for every later call, for a layer whose weights no
    /// longer change (an inference copy): packed for narrow products (`W` as `[out, in·k²]`
    /// for a convolution, `Wᵀ` as `[out·k², in]` for a transposed one) and Winograd-transformed
    /// for the kernels Winograd handles, each on first use, so a layer that never takes a
    /// path never prepares for it. Changes to `weight` after this call are not allowed (a path
    /// prepared already would not see them; one prepared later would).
    func fixWeights() {
        packing.withLock { $0 = .notYet }
        if WinogradWeightShape.supports(kernel: window.kernel, stride: window.stride) { winogradWeights.fix() }
    }

    /// The packed weights for a product with `columns` columns, in an inference copy where
    /// packing pays for that width (packed on the first call); nil otherwise (use BLAS).
    func packedWeights(forColumns columns: Int) -> PackedMatrix? {
        guard PackedMatrix.pays(columns: columns) else { return nil }
        return packing.withLock { state in
            switch state {
            case .weightsMayChange: return nil
            case .fixed(let matrix): return matrix
            case .notYet:
                let matrix = weight.value.withUnsafeBufferPointer { w in
                    direction == .largeToSmall
                        ? PackedMatrix(w.baseAddress!, rows: outputChannels, depth: columnRows, transposed: false)
                        : PackedMatrix(w.baseAddress!, rows: columnRows, depth: inputChannels, transposed: true)
                }
                state = .fixed(matrix)
                return matrix
            }
        }
    }

    /// This layer followed by `norm`, as one layer of the same kind with bias: with
    /// `norm.foldingFactors` (s, t) per output channel, W′ = s·W along the output channels
    /// and b′ = s·b + t.
    func folding(_ norm: BatchNorm2d) -> Convolution & Layer {
        let (k, s, p) = (window.kernel, window.stride, window.padding)
        let result: Convolution & Layer = direction == .largeToSmall
            ? Conv2d(inputChannels, outputChannels, kernel: k, stride: s, padding: p, bias: true)
            : ConvTranspose2d(inputChannels, outputChannels, kernel: k, stride: s, padding: p, bias: true)
        result.algorithm = algorithm
        let factors = norm.foldingFactors
        let taps = k * k
        // Through raw buffers: indexing the parameters' arrays element by element retains,
        // releases and checks uniqueness on every access (a fifth of a one-image `ign project`).
        let scales = factors.map(\.scale)
        let byLarge = direction != .largeToSmall
        // Written into fresh storage (not into the zeros a new parameter would get first).
        result.weight.value = weight.value.withUnsafeBufferPointer { source in
            [Float](unsafeUninitializedCapacity: source.count) { target, initialized in
                for small in 0..<smallChannels {
                    for large in 0..<largeChannels {
                        let scale = scales[byLarge ? large : small]
                        let start = (small * largeChannels + large) * taps
                        for t in start..<(start + taps) { target[t] = source[t] * scale }
                    }
                }
                initialized = source.count
            }
        }
        for o in 0..<outputChannels {
            result.bias!.value[o] = (bias?.value[o] ?? 0) * factors[o].scale + factors[o].shift
        }
        return result
    }
}

/// Adds `bias[c]` to every value of channel `c`.
func addBias(_ bias: [Float], to maps: FeatureMaps) {
    let length = maps.channelStride
    let base = maps.pointer
    bias.withUnsafeBufferPointer { b in
        Parallel.forEach(maps.channels, valuesPerIteration: length) { c in
            let row = base + c * length
            let value = b[c]
            for i in 0..<length { row[i] += value }
        }
    }
}

/// Adds the sum of each channel's values to `sums[c]` (the bias gradient).
func accumulateChannelSums(of maps: FeatureMaps, into sums: inout [Float]) {
    let length = maps.channelStride
    let base = maps.pointer
    sums.withUnsafeMutableBufferPointer { s in
        let target = s.baseAddress!
        Parallel.forEach(maps.channels, valuesPerIteration: length) { c in
            let row = base + c * length
            target[c] += Float(RowSums.sum(row, count: length))
        }
    }
}
