/// A 2-D transposed convolution with square kernels (PyTorch's `nn.ConvTranspose2d`,
/// output_padding = 0, groups = dilation = 1): the adjoint of `Conv2d`'s input mapping.
///
/// Forward: one matrix product `Wᵀ · X` over the whole batch gives columns
/// `[out·k², N·H·W]`, which `col2im` folds onto the larger output maps.
public final class ConvTranspose2d: Layer {
    public let inputChannels: Int
    public let outputChannels: Int
    public let window: ConvolutionWindow
    /// `[in, out, k, k]` (PyTorch's layout for transposed convolutions).
    public let weight: Parameter
    /// `[out]`, or nil without bias.
    public let bias: Parameter?
    /// How the layer computes when its kernel is 3×3 at stride 1 or 4×4 at stride 2 (other
    /// shapes always use a product and col2im): Winograd where it pays, by default.
    public var algorithm: ConvolutionAlgorithm = .automatic
    let winogradWeights = WinogradWeights()
    /// The weights packed for narrow products, in an inference copy (see `fixWeights`).
    private(set) var packedWeights: PackedMatrix?

    public init(_ inputChannels: Int, _ outputChannels: Int, kernel: Int, stride: Int = 1,
                padding: Int = 0, bias: Bool = true) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.window = ConvolutionWindow(kernel: kernel, stride: stride, padding: padding)
        self.weight = Parameter(shape: [inputChannels, outputChannels, kernel, kernel])
        self.bias = bias ? Parameter(shape: [outputChannels]) : nil
    }

    public var parameters: [(name: String, parameter: Parameter)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public var spec: LayerSpec {
        .convTranspose2d(inChannels: inputChannels, outChannels: outputChannels,
                         kernel: window.kernel, stride: window.stride, padding: window.padding,
                         bias: bias != nil)
    }

    public func outputGeometry(for input: Geometry) throws -> Geometry {
        let h = window.transposedSize(input.height), w = window.transposedSize(input.width)
        guard input.channels == inputChannels, h > 0, w > 0 else {
            throw NetworkError.shapeMismatch(
                layer: "ConvTranspose2d(\(inputChannels)→\(outputChannels), k\(window.kernel))",
                expected: "\(inputChannels) channels", got: input.description)
        }
        return Geometry(channels: outputChannels, height: h, width: w)
    }

    private var columnRows: Int { outputChannels * window.kernel * window.kernel }

    /// The Winograd plan for this input, when the layer computes it that way: the input
    /// is the correlation's small map, the output its large map (this layer is the
    /// adjoint of a convolution from the output back to the input).
    private func winogradPlan(for input: FeatureMaps) -> WinogradCorrelation? {
        guard algorithm != .direct,
              let plan = WinogradCorrelation(kernel: window.kernel, stride: window.stride,
                                             smallChannels: inputChannels, largeChannels: outputChannels,
                                             batch: input.batch,
                                             largeHeight: window.transposedSize(input.height),
                                             largeWidth: window.transposedSize(input.width),
                                             padding: window.padding)
        else { return nil }
        return algorithm == .winograd || plan.pays ? plan : nil
    }

    /// Prepares the weights once for every later call, for a layer whose weights no longer
    /// change (an inference copy): packed for narrow products, and Winograd-transformed for
    /// the kernels Winograd handles. Later changes to `weight` are not seen.
    func fixWeights() {
        weight.value.withUnsafeBufferPointer { w in
            packedWeights = PackedMatrix(w.baseAddress!, rows: columnRows, depth: inputChannels, transposed: true)
        }
        if WinogradWeightShape.supports(kernel: window.kernel, stride: window.stride) { winogradWeights.fix() }
    }

    public func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache,
                        mode: ForwardMode) {
        let geometry = try! outputGeometry(for: input.geometry)
        output.resize(geometry, batch: input.batch)
        if let plan = winogradPlan(for: input) {
            let u = winogradWeights.forForward(weight, plan: plan, cache: cache, slot: 2)
            plan.forward(.smallToLarge, input: input.pointer, output: output.pointer, weights: u, cache: cache)
            if let bias { addBias(bias.value, to: output) }
            return
        }
        let columnsLength = input.channelStride
        let columns = cache.buffer(0, count: columnRows * columnsLength)
        // columns[out·k², N·H·W] = Wᵀ · X, with W stored [in, out·k²].
        if let packedWeights, packedWeights.handles(columns: columnsLength) {
            packedWeights.multiply(input.pointer, columns: columnsLength, into: columns)
        } else {
            weight.value.withUnsafeBufferPointer { w in
                MatrixMultiply.gemm(transposeA: true, m: columnRows, n: columnsLength,
                                    k: inputChannels, a: w.baseAddress!, b: input.pointer,
                                    c: columns)
            }
        }
        window.col2im(columns, channels: outputChannels, batch: input.batch,
                      height: geometry.height, width: geometry.width,
                      outHeight: input.height, outWidth: input.width, into: output.pointer)
        if let bias { addBias(bias.value, to: output) }
    }

    public func backward(input: FeatureMaps, output: FeatureMaps, gradOutput: FeatureMaps,
                         gradInput: FeatureMaps?, cache: LayerCache, parameterGradients: Bool) {
        if let plan = winogradPlan(for: input) {
            gradInput?.resize(like: input)
            let u = winogradWeights.forBackward(plan: plan, cache: cache, slot: 2)
            let weightGradients = parameterGradients && weight.requiresGradient
            weight.gradient.withUnsafeMutableBufferPointer { dw in
                plan.backward(.smallToLarge, gradOutput: gradOutput.pointer, gradInput: gradInput?.pointer, weights: u,
                              weightGradient: weightGradients ? dw.baseAddress! : nil, cache: cache)
            }
            if parameterGradients, let bias, bias.requiresGradient {
                accumulateChannelSums(of: gradOutput, into: &bias.gradient)
            }
            return
        }
        let columnsLength = input.channelStride
        // dColumns = im2col(dY): the adjoint of the forward fold.
        let gradColumns = cache.buffer(0, count: columnRows * columnsLength)
        window.im2col(gradOutput.pointer, channels: outputChannels, batch: input.batch,
                      height: output.height, width: output.width,
                      outHeight: input.height, outWidth: input.width, into: gradColumns)
        if parameterGradients && weight.requiresGradient {
            // dW[in, out·k²] += X[in, N·H·W] · dColumnsᵀ
            weight.gradient.withUnsafeMutableBufferPointer { dw in
                MatrixMultiply.gemm(transposeB: true, m: inputChannels, n: columnRows,
                                    k: columnsLength, a: input.pointer, b: gradColumns,
                                    beta: 1, c: dw.baseAddress!)
            }
        }
        if parameterGradients, let bias, bias.requiresGradient {
            accumulateChannelSums(of: gradOutput, into: &bias.gradient)
        }
        guard let gradInput else { return }
        gradInput.resize(like: input)
        // dX[in, N·H·W] = W[in, out·k²] · dColumns
        weight.value.withUnsafeBufferPointer { w in
            MatrixMultiply.gemm(m: inputChannels, n: columnsLength, k: columnRows,
                                a: w.baseAddress!, b: gradColumns, c: gradInput.pointer)
        }
    }
}
