import IGN
import IGNImage
import IGNNeural

/// The whole-image computations in planar floats that the streaming applications replaced
/// (issue 12, bounded memory), kept as references: the streaming versions must give the
/// same samples, to the bit. Sketches use ``GaussianBlur`` in both.
enum PlanarReference {
    static func degrade(_ image: Image, _ degradation: Degradation) throws -> Image {
        var planar = PlanarImage(image, background: degradation.background)
        let (plane, channels) = (planar.plane, planar.channels)
        var generator = RandomGenerator(seed: degradation.seed)
        if degradation.gray || degradation.sketch {
            var luma = [Float](repeating: 0, count: plane)
            if channels == 3 {
                for i in 0..<plane {
                    luma[i] = 0.299 * planar.values[i] + 0.587 * planar.values[plane + i] + 0.114 * planar.values[2 * plane + i]
                }
            } else {
                luma = Array(planar.values[0..<plane])
            }
            if degradation.sketch {
                let sigma = max(1.0, Double(min(planar.width, planar.height)) / 24)
                let blurred = GaussianBlur.blurred(luma, width: planar.width, height: planar.height, sigma: sigma)
                for i in 0..<plane { luma[i] = min(1, luma[i] / max(blurred[i], 1e-3)) }
            }
            for c in 0..<channels { planar.values.replaceSubrange(c * plane..<(c + 1) * plane, with: luma) }
        }
        if let mask = degradation.mask {
            let left = max(0, mask.x), right = min(planar.width, mask.x + mask.width)
            let top = max(0, mask.y), bottom = min(planar.height, mask.y + mask.height)
            if left < right && top < bottom {
                for c in 0..<channels {
                    for y in top..<bottom {
                        for x in left..<right { planar.values[c * plane + y * planar.width + x] = generator.nextUniform() }
                    }
                }
            }
        }
        if degradation.noise > 0 {
            let noise = generator.normal(count: planar.values.count, standardDeviation: degradation.noise / 2)
            for i in planar.values.indices { planar.values[i] = min(1, max(0, planar.values[i] + noise[i])) }
        }
        return try planar.image(bitDepth: image.bitDepth)
    }

    static func paste(_ overlay: Image, onto background: Image, atX x: Int, y: Int, mask: Image?,
                      fill: RGBColor) throws -> Image {
        let color = overlay.colorModel.isColor || background.colorModel.isColor
        let target: ColorModel = color ? .rgb : .gray
        var base = PlanarImage(background.converted(to: target, background: fill))
        let top = overlay.converted(to: target.withAlpha(overlay.colorModel.hasAlpha))
        let topChannels = top.colorModel.channelCount
        var alpha = [Float](repeating: 1, count: overlay.pixelCount)
        if top.colorModel.hasAlpha {
            for i in 0..<overlay.pixelCount { alpha[i] = Float(top.samples[i * topChannels + topChannels - 1]) / 65535 }
        }
        if let mask {
            let scaled = try mask.converted(to: .gray, background: .black).resized(width: overlay.width, height: overlay.height)
            for i in 0..<overlay.pixelCount { alpha[i] *= Float(scaled.samples[i]) / 65535 }
        }
        let plane = base.plane
        for c in 0..<base.channels {
            for oy in 0..<overlay.height where (0..<base.height).contains(y + oy) {
                for ox in 0..<overlay.width where (0..<base.width).contains(x + ox) {
                    let pixel = oy * overlay.width + ox
                    let k = c * plane + (y + oy) * base.width + x + ox
                    let value = Float(top.samples[pixel * topChannels + c]) / 65535
                    base.values[k] += alpha[pixel] * (value - base.values[k])
                }
            }
        }
        return try base.image(bitDepth: max(background.bitDepth, overlay.bitDepth))
    }

    static func compositeKeepingSize(_ compositor: Compositor, pasted: Image,
                                     around rect: (x: Int, y: Int, width: Int, height: Int), times: Int) throws -> Image {
        let projector = compositor.projector
        let projected = try projector.project(pasted, times: times)
        let placement = projector.placement(of: pasted), fill = projector.background
        let fitted = try placement.fit(pasted, background: fill)
        let before = try PlanarImage(placement.restore(fitted, original: pasted, background: fill))
        let after = try PlanarImage(placement.restore(projected, original: pasted, background: fill))
        var full = PlanarImage(pasted.converted(to: after.colorModel, background: fill))
        let margin = max(2, min(pasted.width, pasted.height) / 8)
        for c in 0..<full.channels {
            for py in 0..<pasted.height {
                for px in 0..<pasted.width {
                    let dy = max(0, rect.y - py, py - (rect.y + rect.height - 1))
                    let dx = max(0, rect.x - px, px - (rect.x + rect.width - 1))
                    let weight = min(1, max(0, 2 - Float(max(dx, dy)) / Float(margin)))
                    let k = c * full.plane + py * pasted.width + px
                    full.values[k] += weight * (after.values[k] - before.values[k])
                }
            }
        }
        return try full.image(bitDepth: pasted.bitDepth)
    }

    static func colorize(_ colorizer: Colorizer, _ image: Image, times: Int) throws -> Image {
        let gray = image.converted(to: .gray, background: colorizer.projector.background)
        let projected = try colorizer.projector.project(gray, times: times, keepSize: true)
        let luma = PlanarImage(gray), chroma = PlanarImage(projected)
        let plane = luma.plane
        var rgb = [Float](repeating: 0, count: 3 * plane)
        for i in 0..<plane {
            let (r, g, b) = (chroma.values[i], chroma.values[plane + i], chroma.values[2 * plane + i])
            let y = luma.values[i]
            let ownLuma = 0.299 * r + 0.587 * g + 0.114 * b
            var offsets = (r - ownLuma, g - ownLuma, b - ownLuma)
            var t: Float = 1
            for offset in [offsets.0, offsets.1, offsets.2] {
                if offset > 0 { t = min(t, (1 - y) / offset) }
                if offset < 0 { t = min(t, -y / offset) }
            }
            t = max(0, t)
            offsets = (offsets.0 * t, offsets.1 * t, offsets.2 * t)
            rgb[i] = y + offsets.0
            rgb[plane + i] = y + offsets.1
            rgb[2 * plane + i] = y + offsets.2
        }
        return try PlanarImage(width: luma.width, height: luma.height, colorModel: .rgb, values: rgb)
            .image(bitDepth: image.bitDepth)
    }

    static func denoiseKeepingSize(_ denoiser: Denoiser, _ image: Image, times: Int) throws -> Image {
        let projected = try denoiser.projector.project(image, times: times, keepSize: true)
        let background = denoiser.projector.background
        var blend = PlanarImage(image.converted(to: projected.colorModel, background: background), background: background)
        blend.blend(toward: PlanarImage(projected, background: background), weight: denoiser.strength)
        return try blend.image(bitDepth: projected.bitDepth)
    }
}
