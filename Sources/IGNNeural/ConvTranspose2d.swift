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

    public func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache,
                        mode: ForwardMode) {
        let geometry = try! outputGeometry(for: input.geometry)
        output.resize(geometry, batch: input.batch)
        let columnsLength = input.channelStride
        let columns = cache.buffer(0, count: columnRows * columnsLength)
        // columns[out·k², N·H·W] = Wᵀ · X, with W stored [in, out·k²].
        weight.value.withUnsafeBufferPointer { w in
            MatrixMultiply.gemm(transposeA: true, m: columnRows, n: columnsLength,
                                k: inputChannels, a: w.baseAddress!, b: input.pointer,
                                c: columns)
        }
        window.col2im(columns, channels: outputChannels, batch: input.batch,
                      height: geometry.height, width: geometry.width,
                      outHeight: input.height, outWidth: input.width, into: output.pointer)
        if let bias { addBias(bias.value, to: output) }
    }

    public func backward(input: FeatureMaps, output: FeatureMaps, gradOutput: FeatureMaps,
                         gradInput: FeatureMaps?, cache: LayerCache, parameterGradients: Bool) {
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
