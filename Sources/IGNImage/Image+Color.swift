extension Image {
    /// The image with another channel layout.
    ///
    /// - gray → RGB copies the gray value into each channel;
    /// - RGB → gray uses Rec. 601 luma (0.299 R + 0.587 G + 0.114 B);
    /// - adding alpha makes every pixel opaque; removing alpha flattens onto `background`.
    public func converted(to target: ColorModel, background: RGBColor = .white) -> Image {
        if target == colorModel { return self }
        var source = self
        if colorModel.hasAlpha && !target.hasAlpha { source = flattened(onto: background) }
        let from = source.colorModel.channelCount, to = target.channelCount
        var output = [UInt16](repeating: 0, count: pixelCount * to)
        source.samples.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                for pixel in 0..<pixelCount {
                    let s = pixel * from, t = pixel * to
                    let alpha: UInt16 = source.colorModel.hasAlpha ? input[s + from - 1] : 65535
                    if source.colorModel.isColor == target.isColor {
                        for channel in 0..<target.colorChannelCount { out[t + channel] = input[s + channel] }
                    } else if target.isColor {
                        out[t] = input[s]; out[t + 1] = input[s]; out[t + 2] = input[s]
                    } else {
                        out[t] = SampleScale.clamp(0.299 * Float(input[s]) + 0.587 * Float(input[s + 1])
                                                   + 0.114 * Float(input[s + 2]))
                    }
                    if target.hasAlpha { out[t + to - 1] = alpha }
                }
            }
        }
        return Image(unchecked: width, height, target, bitDepth, output)
    }

    /// The image with alpha composited onto an opaque `background`; images without alpha are returned as is.
    public func flattened(onto background: RGBColor = .white) -> Image {
        guard colorModel.hasAlpha else { return self }
        let target = colorModel.withAlpha(false)
        let from = colorModel.channelCount, to = target.channelCount
        let backdrop: [Float] = target.isColor
            ? [Float(background.red), Float(background.green), Float(background.blue)] : [Float(background.luma)]
        var output = [UInt16](repeating: 0, count: pixelCount * to)
        samples.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                for pixel in 0..<pixelCount {
                    let s = pixel * from, t = pixel * to
                    let alpha = Float(input[s + from - 1]) / 65535
                    for channel in 0..<to {
                        out[t + channel] = SampleScale.clamp(alpha * Float(input[s + channel]) + (1 - alpha) * backdrop[channel])
                    }
                }
            }
        }
        return Image(unchecked: width, height, target, bitDepth, output)
    }
}
