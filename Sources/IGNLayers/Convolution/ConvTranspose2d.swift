import IGNCompute

/// A 2-D transposed convolution with square kernels (PyTorch's `nn.ConvTranspose2d`,
/// output_padding = 0, groups = dilation = 1): the adjoint of `Conv2d`'s input mapping.
///
/// Forward: one matrix product `Wᵀ · X` over the whole batch gives columns
/// `[out·k², N·H·W]`, which `col2im` folds onto the larger output maps (or, for the kernels
/// and batches where it pays, computed by Winograd: see `Convolution`).
public final class ConvTranspose2d: Convolution, Layer {
    public init(_ inputChannels: Int, _ outputChannels: Int, kernel: Int, stride: Int = 1,
                padding: Int = 0, bias: Bool = true) {
        super.init(inputChannels, outputChannels, kernel: kernel, stride: stride, padding: padding, bias: bias,
                   direction: .smallToLarge)
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

    public func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache,
                        mode: ForwardMode) {
        let geometry = try! outputGeometry(for: input.geometry)
        output.resize(geometry, batch: input.batch)
        if winogradForward(input, into: output, cache: cache) { return }
        let columnsLength = input.channelStride
        let columns = cache.buffer(0, count: columnRows * columnsLength)
        // columns[out·k², N·H·W] = Wᵀ · X, with W stored [in, out·k²].
        if let packedWeights = packedWeights(forColumns: columnsLength) {
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
        if winogradBackward(input: input, gradOutput: gradOutput, gradInput: gradInput, cache: cache,
                            parameterGradients: parameterGradients) { return }
        let columnsLength = input.channelStride
        // dColumns = im2col(dY): the adjoint of the forward fold.
        let gradColumns = cache.buffer(0, count: columnRows * columnsLength)
        window.im2col(gradOutput.pointer, channels: outputChannels, batch: input.batch,
                      height: output.height, width: output.width,
                      outHeight: input.height, outWidth: input.width, into: gradColumns)
        // dW[in, out·k²] += X[in, N·H·W] · dColumnsᵀ
        accumulateParameterGradients(small: input.pointer, columns: gradColumns, columnsLength: columnsLength,
                                     gradOutput: gradOutput, parameterGradients: parameterGradients)
        guard let gradInput else { return }
        gradInput.resize(like: input)
        // dX[in, N·H·W] = W[in, out·k²] · dColumns
        weight.value.withUnsafeBufferPointer { w in
            MatrixMultiply.gemm(m: inputChannels, n: columnsLength, k: columnRows,
                                a: w.baseAddress!, b: gradColumns, c: gradInput.pointer)
        }
    }
}
