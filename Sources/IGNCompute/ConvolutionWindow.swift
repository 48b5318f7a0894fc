/// The geometry of one convolution window sliding over a map: the shared index arithmetic
/// of `Conv2d` (image → columns) and `ConvTranspose2d` (columns → image).
public struct ConvolutionWindow: Equatable, Sendable {
    public var kernel: Int
    public var stride: Int
    public var padding: Int

    public init(kernel: Int, stride: Int, padding: Int) {
        precondition(kernel > 0 && stride > 0 && padding >= 0, "bad convolution window")
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    /// Output size of a convolution over an input of `size` (PyTorch's formula).
    public func convolvedSize(_ size: Int) -> Int { (size + 2 * padding - kernel) / stride + 1 }
    /// Output size of a transposed convolution over an input of `size` (PyTorch's formula).
    public func transposedSize(_ size: Int) -> Int { (size - 1) * stride - 2 * padding + kernel }

    /// The range of output positions `o` whose tap at kernel offset `k` reads a pixel inside
    /// `0..<inputSize` (that is, `0 <= o * stride - padding + k < inputSize`).
    @inline(__always)
    func validRange(offset k: Int, inputSize: Int, outputSize: Int) -> Range<Int> {
        let shift = k - padding                       // input = o * stride + shift
        var lo = shift >= 0 ? 0 : (-shift + stride - 1) / stride
        let last = inputSize - 1 - shift
        var hi = last < 0 ? 0 : last / stride + 1
        lo = min(lo, outputSize)
        hi = min(max(hi, lo), outputSize)
        return lo..<hi
    }

    /// Unfolds channel-major maps `[channels][batch][height][width]` into a column matrix
    /// `[channels·kernel²][batch·outHeight·outWidth]`, zero where the window leaves the map.
    public func im2col(_ image: UnsafePointer<Float>, channels: Int, batch: Int,
                       height: Int, width: Int, outHeight: Int, outWidth: Int,
                       into columns: UnsafeMutablePointer<Float>) {
        let k = kernel
        let plane = height * width, outPlane = outHeight * outWidth
        let rowLength = batch * outPlane
        if coversWholeMap(height: height, width: width, batch: batch) {
            columns.update(from: image, count: channels * plane)
            return
        }
        // Work goes out by (channel, kernel row), and the valid ranges are computed once per
        // call, not per row (index arithmetic is most of the cost at batch 1, where a row
        // holds 1–49 values).
        withValidRanges(height: height, width: width, outHeight: outHeight, outWidth: outWidth) { xRanges, yRanges in
            Parallel.forEach(channels * k, valuesPerIteration: k * rowLength) { group in
                let c = group / k, ky = group - c * k
                let ys = yRanges[ky]
                for kx in 0..<k {
                    let xs = xRanges[kx]
                    let target = columns + (group * k + kx) * rowLength
                    for n in 0..<batch {
                        let source = image + (c * batch + n) * plane
                        unfoldRow(source, width: width, ky: ky, kx: kx, xs: xs, ys: ys,
                                  outHeight: outHeight, outWidth: outWidth, into: target + n * outPlane)
                    }
                }
            }
        }
    }

    /// Calls `body` with the valid output ranges of every kernel offset, horizontal
    /// (`validRange(offset: kx, …)` for kx in 0..<kernel) and vertical, kept on the stack.
    private func withValidRanges<Result>(height: Int, width: Int, outHeight: Int, outWidth: Int,
                                         _ body: (UnsafeBufferPointer<Range<Int>>, UnsafeBufferPointer<Range<Int>>) -> Result)
        -> Result {
        let k = kernel
        return withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: 2 * k) { ranges in
            for offset in 0..<k {
                ranges[offset] = validRange(offset: offset, inputSize: width, outputSize: outWidth)
                ranges[k + offset] = validRange(offset: offset, inputSize: height, outputSize: outHeight)
            }
            let all = UnsafeBufferPointer(ranges)
            return body(UnsafeBufferPointer(rebasing: all[0..<k]), UnsafeBufferPointer(rebasing: all[k..<2 * k]))
        }
    }

    /// Whether the window fits the map exactly once and `im2col`/`col2im` only copy: one
    /// image whose map is the kernel's size, unpadded (the 1×1 end of an encoder at batch 1).
    func coversWholeMap(height: Int, width: Int, batch: Int) -> Bool {
        batch == 1 && padding == 0 && height == kernel && width == kernel
    }

    /// One image's row of `im2col` for kernel offset (ky, kx): `outHeight × outWidth` values.
    @inline(__always)
    private func unfoldRow(_ source: UnsafePointer<Float>, width: Int, ky: Int, kx: Int,
                           xs: Range<Int>, ys: Range<Int>, outHeight: Int, outWidth: Int,
                           into out: UnsafeMutablePointer<Float>) {
        let s = stride, pad = padding
        // Plain loops rather than memcpy/memset calls: rows here are 1–28 values long,
        // where a call costs more than the copy.
        for oy in 0..<outHeight {
            let line = out + oy * outWidth
            guard ys.contains(oy) else {
                for ox in 0..<outWidth { line[ox] = 0 }
                continue
            }
            let input = source + (oy * s - pad + ky) * width + (kx - pad)
            for ox in 0..<xs.lowerBound { line[ox] = 0 }
            if s == 1 {
                for ox in xs { line[ox] = input[ox] }
            } else {
                for ox in xs { line[ox] = input[ox * s] }
            }
            for ox in xs.upperBound..<outWidth { line[ox] = 0 }
        }
    }

    /// Folds a column matrix back onto channel-major maps, adding overlapping taps:
    /// the adjoint of `im2col`. `image` is overwritten (not accumulated into).
    public func col2im(_ columns: UnsafePointer<Float>, channels: Int, batch: Int,
                       height: Int, width: Int, outHeight: Int, outWidth: Int,
                       into image: UnsafeMutablePointer<Float>) {
        let k = kernel, s = stride, pad = padding
        let plane = height * width, outPlane = outHeight * outWidth
        let rowLength = batch * outPlane
        if coversWholeMap(height: height, width: width, batch: batch) {
            image.update(from: columns, count: channels * plane)
            return
        }
        withValidRanges(height: height, width: width, outHeight: outHeight, outWidth: outWidth) { xRanges, yRanges in
            Parallel.forEach(channels, valuesPerIteration: batch * plane * k * k) { c in
                let channelStart = image + c * batch * plane
                channelStart.update(repeating: 0, count: batch * plane)
                for ky in 0..<k {
                    let ys = yRanges[ky]
                    for kx in 0..<k {
                        let xs = xRanges[kx]
                        if xs.isEmpty || ys.isEmpty { continue }
                        let source = columns + ((c * k + ky) * k + kx) * rowLength
                        for n in 0..<batch {
                            let target = channelStart + n * plane
                            let from = source + n * outPlane
                            for oy in ys {
                                let output = target + (oy * s - pad + ky) * width + (kx - pad)
                                let line = from + oy * outWidth
                                if s == 1 {
                                    for ox in xs { output[ox] += line[ox] }
                                } else {
                                    for ox in xs { output[ox * s] += line[ox] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
