import IGNCompute

/// A 2-D convolution with square kernels (PyTorch's `nn.Conv2d`, groups = dilation = 1).
///
/// Forward: the input is unfolded into columns (`im2col`) and multiplied by the weight
/// matrix `[out, in·k²]` in one matrix product over the whole batch (or, for the kernels and
/// batches where it pays, computed by Winograd: see `Convolution`).
public final class Conv2d: Convolution, Layer {
    public init(_ inputChannels: Int, _ outputChannels: Int, kernel: Int, stride: Int = 1,
                padding: Int = 0, bias: Bool = true) {
        super.init(inputChannels, outputChannels, kernel: kernel, stride: stride, padding: padding, bias: bias,
                   direction: .largeToSmall)
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

    public func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache,
                        mode: ForwardMode) {
        let geometry = try! outputGeometry(for: input.geometry)
        output.resize(geometry, batch: input.batch)
        if winogradForward(input, into: output, cache: cache) { return }
        let columnsLength = input.batch * geometry.height * geometry.width
        let columns = cache.buffer(0, count: columnRows * columnsLength)
        window.im2col(input.pointer, channels: inputChannels, batch: input.batch,
                      height: input.height, width: input.width,
                      outHeight: geometry.height, outWidth: geometry.width, into: columns)
        if let packedWeights = packedWeights(forColumns: columnsLength) {
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
        if winogradBackward(input: input, gradOutput: gradOutput, gradInput: gradInput, cache: cache,
                            parameterGradients: parameterGradients) { return }
        let columnsLength = gradOutput.channelStride
        let columns = cache.buffer(0, count: columnRows * columnsLength)
        // dW[out, in·k²] += dY[out, N·P] · columnsᵀ (the forward pass left the columns).
        accumulateParameterGradients(small: gradOutput.pointer, columns: columns, columnsLength: columnsLength,
                                     gradOutput: gradOutput, parameterGradients: parameterGradients)
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
