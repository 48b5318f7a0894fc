extension Image {
    /// The image with another channel layout.
    ///
    /// - gray → RGB copies the gray value into each channel;
    /// - RGB → gray uses Rec. 601 luma (0.299 R + 0.587 G + 0.114 B);
    /// - adding alpha makes every pixel opaque; removing alpha flattens onto `background`.
    public func converted(to target: ColorModel, background: RGBColor = .white) -> Image {
        if target == colorModel { return self }
        // Flattening happens pixel by pixel, into a few local values, rather than into a
        // whole flattened copy first (with the same arithmetic, so the same results).
        let flatten = colorModel.hasAlpha && !target.hasAlpha
        let model = flatten ? colorModel.withAlpha(false) : colorModel
        let from = colorModel.channelCount, to = target.channelCount
        let backdrop = Image.backdrop(background, isColor: model.isColor)
        let output = [UInt16](unsafeUninitializedCapacity: pixelCount * to) { out, initialized in
            samples.withUnsafeBufferPointer { input in
                var pixel3: (UInt16, UInt16, UInt16) = (0, 0, 0)
                for pixel in 0..<pixelCount {
                    let s = pixel * from, t = pixel * to
                    var alpha: UInt16 = 65535
                    if flatten {
                        let opacity = Float(input[s + from - 1]) / 65535
                        func flat(_ channel: Int) -> UInt16 {
                            SampleScale.clamp(opacity * Float(input[s + channel]) + (1 - opacity) * backdrop[channel])
                        }
                        pixel3 = model.isColor ? (flat(0), flat(1), flat(2)) : (flat(0), 0, 0)
                    } else {
                        if colorModel.hasAlpha { alpha = input[s + from - 1] }
                        pixel3 = colorModel.isColor ? (input[s], input[s + 1], input[s + 2]) : (input[s], 0, 0)
                    }
                    if model.isColor == target.isColor {
                        out[t] = pixel3.0
                        if target.isColor { out[t + 1] = pixel3.1; out[t + 2] = pixel3.2 }
                    } else if target.isColor {
                        out[t] = pixel3.0; out[t + 1] = pixel3.0; out[t + 2] = pixel3.0
                    } else {
                        out[t] = SampleScale.clamp(rec601Luma(red: Float(pixel3.0), green: Float(pixel3.1),
                                                              blue: Float(pixel3.2)))
                    }
                    if target.hasAlpha { out[t + to - 1] = alpha }
                }
            }
            initialized = pixelCount * to
        }
        return Image(unchecked: width, height, target, bitDepth, output)
    }

    /// The background as floats on the 0...65535 scale: R, G, B, or its luma.
    private static func backdrop(_ background: RGBColor, isColor: Bool) -> [Float] {
        isColor ? [Float(background.red), Float(background.green), Float(background.blue)] : [Float(background.luma)]
    }

    /// The image with alpha composited onto an opaque `background`; images without alpha are returned as is.
    public func flattened(onto background: RGBColor = .white) -> Image {
        guard colorModel.hasAlpha else { return self }
        let target = colorModel.withAlpha(false)
        let from = colorModel.channelCount, to = target.channelCount
        let backdrop = Image.backdrop(background, isColor: target.isColor)
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
