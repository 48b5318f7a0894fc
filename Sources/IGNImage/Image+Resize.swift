extension Image {
    /// The image scaled to `width × height`.
    ///
    /// Each axis is resampled on its own: area averaging (a box filter over exactly the
    /// covered source pixels) where it shrinks, bilinear interpolation where it grows.
    /// Colour is weighted by alpha (premultiplied) so transparent pixels do not bleed.
    ///
    /// The work streams: each source row is turned into floats and resampled horizontally
    /// into a ring of as many rows as one output row draws on, and each output row is
    /// resampled vertically from that ring straight into the result's samples. Besides the
    /// source and the result it takes a few rows of floats, whatever the sizes (the whole
    /// image was once copied into floats twice: 1 GB for an 8000×8000 RGBA image).
    public func resized(width newWidth: Int, height newHeight: Int) throws -> Image {
        try Image.checkTarget(newWidth, newHeight)
        if newWidth == width && newHeight == height { return self }
        let channels = colorModel.channelCount
        let output = samples.withUnsafeBufferPointer { source in
            Resampler(from: (width, height), to: (newWidth, newHeight), columns: 0..<newWidth, rows: 0..<newHeight,
                      colorModel: colorModel).run { y, row in
                let base = y * width * channels
                for index in 0..<(width * channels) { row[index] = Float(source[base + index]) }
                return true
            }
        }
        return Image(unchecked: newWidth, newHeight, colorModel, bitDepth, output)
    }

    /// The rectangle `crop` of this image scaled to `scaledWidth × scaledHeight`: the same
    /// samples as `resized(width:height:)` then `cropped(…)`, without making the rest of the
    /// scaled image (which, for a model's result restored onto a padded canvas, can be far
    /// larger than the image: 10^12 pixels for a 1,000,000×16 input).
    public func resized(width scaledWidth: Int, height scaledHeight: Int,
                        croppedTo crop: (x: Int, y: Int, width: Int, height: Int)) throws -> Image {
        try Image.checkTarget(scaledWidth, scaledHeight)
        guard crop.x >= 0, crop.y >= 0, crop.width > 0, crop.height > 0,
              crop.x + crop.width <= scaledWidth, crop.y + crop.height <= scaledHeight else {
            throw ImageError.invalidArgument("crop \(crop.width)x\(crop.height)+\(crop.x)+\(crop.y) is outside "
                                             + "the \(scaledWidth)x\(scaledHeight) image")
        }
        if scaledWidth == width && scaledHeight == height {
            return try cropped(x: crop.x, y: crop.y, width: crop.width, height: crop.height)
        }
        let channels = colorModel.channelCount
        let output = samples.withUnsafeBufferPointer { source in
            Resampler(from: (width, height), to: (scaledWidth, scaledHeight),
                      columns: crop.x..<(crop.x + crop.width), rows: crop.y..<(crop.y + crop.height),
                      colorModel: colorModel).run { y, row in
                let base = y * width * channels
                for index in 0..<(width * channels) { row[index] = Float(source[base + index]) }
                return true
            }
        }
        return Image(unchecked: crop.width, crop.height, colorModel, bitDepth, output)
    }

    /// This image drawn with its top-left corner at (`x`, `y`) on a `canvasWidth ×
    /// canvasHeight` canvas filled with `fill` (one value per channel), and the canvas scaled
    /// to `width × height`: the same samples as making that canvas, drawing the image on it
    /// and resizing it, without ever making the canvas (a 1,000,000×16 image padded to a
    /// square would need one of 10^12 pixels). Rows of the canvas that are all fill are
    /// resampled once.
    public func placed(onCanvas canvasWidth: Int, _ canvasHeight: Int, atX x: Int, y: Int, fill: [UInt16],
                       resizedTo newWidth: Int, _ newHeight: Int) throws -> Image {
        try Image.checkTarget(newWidth, newHeight)
        let channels = colorModel.channelCount
        guard fill.count == channels, x >= 0, y >= 0, x + width <= canvasWidth, y + height <= canvasHeight else {
            throw ImageError.invalidArgument("cannot place a \(width)x\(height) image at \(x),\(y) on a "
                                             + "\(canvasWidth)x\(canvasHeight) canvas")
        }
        if canvasWidth == newWidth && canvasHeight == newHeight {   // the canvas is the result: make it
            let canvas = try Image(width: canvasWidth, height: canvasHeight, colorModel: colorModel, bitDepth: bitDepth, fill: fill)
            return try canvas.replacing(with: self, atX: x, y: y)
        }
        let fillValues = fill.map(Float.init)
        let output = samples.withUnsafeBufferPointer { source in
            Resampler(from: (canvasWidth, canvasHeight), to: (newWidth, newHeight), columns: 0..<newWidth,
                      rows: 0..<newHeight, colorModel: colorModel).run(fill: { row in
                for pixel in 0..<canvasWidth { for c in 0..<channels { row[pixel * channels + c] = fillValues[c] } }
            }) { row, values in
                guard row >= y && row < y + height else { return false }
                for pixel in 0..<canvasWidth {
                    let inside = pixel >= x && pixel < x + width
                    let base = ((row - y) * width + (pixel - x)) * channels
                    for c in 0..<channels { values[pixel * channels + c] = inside ? Float(source[base + c]) : fillValues[c] }
                }
                return true
            }
        }
        return Image(unchecked: newWidth, newHeight, colorModel, bitDepth, output)
    }

    private static func checkTarget(_ width: Int, _ height: Int) throws {
        guard width > 0, height > 0 else {
            throw ImageError.invalidArgument("resize target must be positive, not \(width)x\(height)")
        }
        guard !width.multipliedReportingOverflow(by: height).overflow, width * height <= 1 << 40 else {
            throw ImageError.invalidArgument("resize target \(width)x\(height) is too large")
        }
    }

    /// Multiplies (or divides back) colour channels by alpha, on the 0...65535 scale.
    static func premultiply(_ buffer: inout [Float], channels: Int, undo: Bool) {
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

/// Streams a resampling: each source row is turned into floats (by the caller's `read`) and
/// resampled horizontally into a ring of as many rows as one output row draws on; each
/// output row is resampled vertically from the ring straight into the result. Only
/// `columns` × `rows` of the target are made. The arithmetic is the whole-image
/// resampling's, in the same order, so the results are the same to the bit.
struct Resampler {
    let sourceWidth: Int, sourceHeight: Int
    let columns: Range<Int>, rows: Range<Int>
    let colorModel: ColorModel
    let horizontal: [(first: Int, weights: [Float])]
    let vertical: ResampleAxis

    init(from source: (width: Int, height: Int), to target: (width: Int, height: Int),
         columns: Range<Int>, rows: Range<Int>, colorModel: ColorModel) {
        (sourceWidth, sourceHeight) = source
        self.columns = columns
        self.rows = rows
        self.colorModel = colorModel
        horizontal = Array(ResampleAxis(from: source.width, to: target.width).taps[columns])
        vertical = ResampleAxis(from: source.height, to: target.height)
    }

    /// `read(y, row)` writes source row `y` as floats (0...65535, straight alpha) into `row`
    /// and returns true, or returns false for a row that is all `fill` (which is then
    /// resampled once and reused).
    func run(fill: ((inout [Float]) -> Void)? = nil, read: (Int, inout [Float]) -> Bool) -> [UInt16] {
        let channels = colorModel.channelCount, hasAlpha = colorModel.hasAlpha
        let window = vertical.taps[rows].map(\.weights.count).max() ?? 1
        let rowStride = columns.count * channels
        var sourceRow = [Float](repeating: 0, count: sourceWidth * channels)
        var ring = [Float](repeating: 0, count: window * rowStride)
        var outputRow = [Float](repeating: 0, count: rowStride)
        var fillRow: [Float]?
        func resampleSourceRow(into slot: UnsafeMutablePointer<Float>) {
            if hasAlpha { Image.premultiply(&sourceRow, channels: channels, undo: false) }
            sourceRow.withUnsafeBufferPointer { source in
                for (index, tap) in horizontal.enumerated() {
                    for channel in 0..<channels {
                        var sum: Float = 0
                        for (offset, weight) in tap.weights.enumerated() {
                            sum += weight * source[(tap.first + offset) * channels + channel]
                        }
                        slot[index * channels + channel] = sum
                    }
                }
            }
        }
        var computed = rows.isEmpty ? 0 : vertical.taps[rows.lowerBound].first   // next source row to resample
        return [UInt16](unsafeUninitializedCapacity: rows.count * rowStride) { target, initialized in
            for (outputIndex, y) in rows.enumerated() {
                let tap = vertical.taps[y]
                let last = tap.first + tap.weights.count - 1
                if tap.first < computed - window || tap.first > computed { computed = tap.first }
                while computed <= last {
                    ring.withUnsafeMutableBufferPointer { buffer in
                        let slot = buffer.baseAddress! + (computed % window) * rowStride
                        if read(computed, &sourceRow) {
                            resampleSourceRow(into: slot)
                        } else {
                            if fillRow == nil {
                                fill?(&sourceRow)
                                var resampled = [Float](repeating: 0, count: rowStride)
                                resampled.withUnsafeMutableBufferPointer { resampleSourceRow(into: $0.baseAddress!) }
                                fillRow = resampled
                            }
                            fillRow!.withUnsafeBufferPointer { slot.update(from: $0.baseAddress!, count: rowStride) }
                        }
                    }
                    computed += 1
                }
                ring.withUnsafeBufferPointer { ringRows in
                    for index in 0..<rowStride {
                        var sum: Float = 0
                        for (offset, weight) in tap.weights.enumerated() {
                            sum += weight * ringRows[((tap.first + offset) % window) * rowStride + index]
                        }
                        outputRow[index] = sum
                    }
                }
                if hasAlpha { Image.premultiply(&outputRow, channels: channels, undo: true) }
                for index in 0..<rowStride { target[outputIndex * rowStride + index] = SampleScale.clamp(outputRow[index]) }
            }
            initialized = rows.count * rowStride
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
}
