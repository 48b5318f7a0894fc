/// A 2-D convolution with square kernels (PyTorch's `nn.Conv2d`, groups = dilation = 1).
///
/// Forward: the input is unfolded into columns (`im2col`) and multiplied by the weight
/// matrix `[out, in·k²]` in one matrix product over the whole batch.
public final class Conv2d: Layer {
    public let inputChannels: Int
    public let outputChannels: Int
    public let window: ConvolutionWindow
    /// `[out, in, k, k]`.
    public let weight: Parameter
    /// `[out]`, or nil without bias.
    public let bias: Parameter?
    /// How the layer computes when its kernel is 3×3 at stride 1 or 4×4 at stride 2 (other
    /// shapes always use im2col): Winograd where it pays, by default.
    public var algorithm: ConvolutionAlgorithm = .automatic
    let winogradWeights = WinogradWeights()
    /// The weights packed for narrow products, in an inference copy (see `fixWeights`).
    private(set) var packedWeights: PackedMatrix?

    public init(_ inputChannels: Int, _ outputChannels: Int, kernel: Int, stride: Int = 1,
                padding: Int = 0, bias: Bool = true) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.window = ConvolutionWindow(kernel: kernel, stride: stride, padding: padding)
        self.weight = Parameter(shape: [outputChannels, inputChannels, kernel, kernel])
        self.bias = bias ? Parameter(shape: [outputChannels]) : nil
    }

    public var parameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public var spec: LayerSpec {
        .conv2d(inChannels: inputChannels, outChannels: outputChannels, kernel: window.kernel,
                stride: window.stride, padding: window.padding, bias: bias != nil)
    }

    public func outputGeometry(for input: Geometry) throws -> Geometry {
        let h = window.convolvedSize(input.height), w = window.convolvedSize(input.width)
        guard input.channels == inputChannels, h > 0, w > 0,
              input.height + 2 * window.padding >= window.kernel,
              input.width + 2 * window.padding >= window.kernel else {
            throw NetworkError.shapeMismatch(
                layer: "Conv2d(\(inputChannels)→\(outputChannels), k\(window.kernel))",
                expected: "\(inputChannels) channels of at least \(window.kernel - 2 * window.padding)²",
                got: input.description)
        }
        return Geometry(channels: outputChannels, height: h, width: w)
    }

    private var columnRows: Int { inputChannels * window.kernel * window.kernel }

    /// The Winograd plan for this input, when the layer computes it that way: the input
    /// is the correlation's large map, the output its small map.
    private func winogradPlan(for input: FeatureMaps) -> WinogradCorrelation? {
        guard algorithm != .direct,
              let plan = WinogradCorrelation(kernel: window.kernel, stride: window.stride,
                                             smallChannels: outputChannels, largeChannels: inputChannels,
                                             batch: input.batch, largeHeight: input.height,
                                             largeWidth: input.width, padding: window.padding)
        else { return nil }
        return algorithm == .winograd || plan.pays ? plan : nil
    }

    /// Prepares the weights once for every later call, for a layer whose weights no longer
    /// change (an inference copy): packed for narrow products, and Winograd-transformed for
    /// the kernels Winograd handles. Later changes to `weight` are not seen.
    func fixWeights() {
        weight.value.withUnsafeBufferPointer { w in
            packedWeights = PackedMatrix(w.baseAddress!, rows: outputChannels, depth: columnRows, transposed: false)
        }
        if WinogradWeightShape.supports(kernel: window.kernel, stride: window.stride) { winogradWeights.fix() }
    }

    public func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache,
                        mode: ForwardMode) {
        let geometry = try! outputGeometry(for: input.geometry)
        output.resize(geometry, batch: input.batch)
        if let plan = winogradPlan(for: input) {
            let u = winogradWeights.forForward(weight, plan: plan, cache: cache, slot: 2)
            plan.forward(.largeToSmall, input: input.pointer, output: output.pointer, weights: u, cache: cache)
            if let bias { addBias(bias.value, to: output) }
            return
        }
        let columnsLength = input.batch * geometry.height * geometry.width
        let columns = cache.buffer(0, count: columnRows * columnsLength)
        window.im2col(input.pointer, channels: inputChannels, batch: input.batch,
                      height: input.height, width: input.width,
                      outHeight: geometry.height, outWidth: geometry.width, into: columns)
        if let packedWeights, packedWeights.handles(columns: columnsLength) {
            packedWeights.multiply(columns, columns: columnsLength, into: output.pointer)
        } else {
            weight.value.withUnsafeBufferPointer { w in
                MatrixMultiply.gemm(m: outputChannels, n: columnsLength, k: columnRows,
                                    a: w.baseAddress!, b: columns, c: output.pointer)
            }
        }
        if let bias { addBias(bias.value, to: output) }
    }

    public func backward(input: FeatureMaps, output: FeatureMaps, gradOutput: FeatureMaps,
                         gradInput: FeatureMaps?, cache: LayerCache, parameterGradients: Bool) {
        if let plan = winogradPlan(for: input) {
            gradInput?.resize(like: input)
            let u = winogradWeights.forBackward(plan: plan, cache: cache, slot: 2)
            let weightGradients = parameterGradients && weight.requiresGradient
            weight.gradient.withUnsafeMutableBufferPointer { dw in
                plan.backward(.largeToSmall, gradOutput: gradOutput.pointer, gradInput: gradInput?.pointer, weights: u,
                              weightGradient: weightGradients ? dw.baseAddress! : nil, cache: cache)
            }
            if parameterGradients, let bias, bias.requiresGradient {
                accumulateChannelSums(of: gradOutput, into: &bias.gradient)
            }
            return
        }
        let columnsLength = gradOutput.channelStride
        let columns = cache.buffer(0, count: columnRows * columnsLength)
        if parameterGradients && weight.requiresGradient {
            // dW[out, in·k²] += dY[out, N·P] · columnsᵀ
            weight.gradient.withUnsafeMutableBufferPointer { dw in
                MatrixMultiply.gemm(transposeB: true, m: outputChannels, n: columnRows,
                                    k: columnsLength, a: gradOutput.pointer, b: columns,
                                    beta: 1, c: dw.baseAddress!)
            }
        }
        if parameterGradients, let bias, bias.requiresGradient {
            accumulateChannelSums(of: gradOutput, into: &bias.gradient)
        }
        guard let gradInput else { return }
        // dColumns[in·k², N·P] = Wᵀ · dY, then fold back onto the input's maps.
        let gradColumns = cache.buffer(1, count: columnRows * columnsLength)
        weight.value.withUnsafeBufferPointer { w in
            MatrixMultiply.gemm(transposeA: true, m: columnRows, n: columnsLength,
                                k: outputChannels, a: w.baseAddress!, b: gradOutput.pointer,
                                c: gradColumns)
        }
        gradInput.resize(like: input)
        window.col2im(gradColumns, channels: inputChannels, batch: input.batch,
                      height: input.height, width: input.width,
                      outHeight: output.height, outWidth: output.width, into: gradInput.pointer)
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
