import IGNImage

/// A linear blend of two images of one size, worked out sample by sample into one of them:
/// `target` becomes `source + weight·(target − source)` on the 0…1 scale, `source` taken
/// in strips of rows converted to the target's colour model. Besides the two images it
/// holds one strip; the values are those of ``PlanarImage/blend(toward:weight:)`` on whole
/// planar copies, to the bit.
enum SampleBlend {
    /// Rows of `source` converted at a time.
    static let stripRows = 64

    /// Blends `source` into `target` (which has no alpha) in place.
    static func blend(_ source: Image, into target: inout Image, weight: Float, background: RGBColor) throws {
        precondition(source.width == target.width && source.height == target.height, "images of different sizes")
        precondition(!target.colorModel.hasAlpha, "the target of a blend has no alpha")
        let width = target.width, rowSamples = width * target.colorModel.channelCount
        for top in stride(from: 0, to: target.height, by: stripRows) {
            let rows = min(stripRows, target.height - top)
            let strip = try source.cropped(x: 0, y: top, width: width, height: rows)
                .converted(to: target.colorModel, background: background)
            strip.samples.withUnsafeBufferPointer { a in
                target.samples.withUnsafeMutableBufferPointer { b in
                    let offset = top * rowSamples
                    for k in 0..<(rows * rowSamples) {
                        let from = PlanarImage.unit(a[k]), to = PlanarImage.unit(b[offset + k])
                        b[offset + k] = PlanarImage.sample(unit: from + weight * (to - from))
                    }
                }
            }
        }
    }
}
