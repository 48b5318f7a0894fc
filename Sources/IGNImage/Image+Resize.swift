extension Image {
    /// The image scaled to `width × height`.
    ///
    /// Each axis is resampled on its own: area averaging (a box filter over exactly the
    /// covered source pixels) where it shrinks, bilinear interpolation where it grows.
    /// Colour is weighted by alpha (premultiplied) so transparent pixels do not bleed.
    public func resized(width newWidth: Int, height newHeight: Int) throws -> Image {
        guard newWidth > 0, newHeight > 0 else {
            throw ImageError.invalidArgument("resize target must be positive, not \(newWidth)x\(newHeight)")
        }
        if newWidth == width && newHeight == height { return self }
        let channels = colorModel.channelCount
        var buffer = samples.map(Float.init)
        if colorModel.hasAlpha { Image.premultiply(&buffer, channels: channels, undo: false) }
        let horizontal = ResampleAxis(from: width, to: newWidth)
        let vertical = ResampleAxis(from: height, to: newHeight)
        buffer = horizontal.apply(buffer, lines: height, lineStride: width * channels, step: channels,
                                  outLineStride: newWidth * channels, outStep: channels, channels: channels)
        buffer = vertical.apply(buffer, lines: newWidth, lineStride: channels, step: newWidth * channels,
                                outLineStride: channels, outStep: newWidth * channels, channels: channels)
        if colorModel.hasAlpha { Image.premultiply(&buffer, channels: channels, undo: true) }
        return Image(unchecked: newWidth, newHeight, colorModel, bitDepth, buffer.map(SampleScale.clamp))
    }

    /// Multiplies (or divides back) colour channels by alpha, on the 0...65535 scale.
    private static func premultiply(_ buffer: inout [Float], channels: Int, undo: Bool) {
        for pixel in stride(from: 0, to: buffer.count, by: channels) {
            let alpha = buffer[pixel + channels - 1] / 65535
            for channel in 0..<(channels - 1) {
                if undo {
                    buffer[pixel + channel] = alpha > 0 ? buffer[pixel + channel] / alpha : 0
                } else {
                    buffer[pixel + channel] *= alpha
                }
            }
        }
    }
}

/// Weights that map `from` source samples on one axis to `to` output samples.
struct ResampleAxis {
    /// For each output sample: the first source index and the weights of consecutive sources (summing to 1).
    let taps: [(first: Int, weights: [Float])]

    init(from source: Int, to target: Int) {
        var taps: [(Int, [Float])] = []
        taps.reserveCapacity(target)
        let scale = Double(source) / Double(target)
        for index in 0..<target {
            if target < source {
                // Area averaging: output pixel covers [index*scale, (index+1)*scale) of the source.
                let start = Double(index) * scale, end = Double(index + 1) * scale
                let first = Int(start), last = min(source - 1, Int((end - 1e-9).rounded(.down)))
                var weights: [Float] = []
                for sourceIndex in first...last {
                    let overlap = min(end, Double(sourceIndex + 1)) - max(start, Double(sourceIndex))
                    weights.append(Float(overlap / scale))
                }
                taps.append((first, weights))
            } else {
                // Bilinear: sample the source at the output pixel's centre.
                let centre = min(max((Double(index) + 0.5) * scale - 0.5, 0), Double(source - 1))
                let first = min(Int(centre), max(source - 2, 0))
                let fraction = Float(centre - Double(first))
                taps.append(source == 1 ? (0, [1]) : (first, [1 - fraction, fraction]))
            }
        }
        self.taps = taps
    }

    /// Resamples every line of `input`; `step` is the distance between neighbours along the axis.
    func apply(_ input: [Float], lines: Int, lineStride: Int, step: Int,
               outLineStride: Int, outStep: Int, channels: Int) -> [Float] {
        var output = [Float](repeating: 0, count: lines * taps.count * channels)
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                for line in 0..<lines {
                    for (index, tap) in taps.enumerated() {
                        let out = line * outLineStride + index * outStep
                        for channel in 0..<channels {
                            var sum: Float = 0
                            for (offset, weight) in tap.weights.enumerated() {
                                sum += weight * source[line * lineStride + (tap.first + offset) * step + channel]
                            }
                            target[out + channel] = sum
                        }
                    }
                }
            }
        }
        return output
    }
}
