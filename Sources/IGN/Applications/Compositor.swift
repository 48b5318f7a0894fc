import IGNImage

/// Compositing by projection: an overlay is pasted onto a background (its alpha, times an
/// optional mask, decides how much of it shows), then the paste is projected, so that the
/// pasted parts and the background become one coherent image.
///
/// At the model's size the result is the projection itself. With `keepSize` the result has
/// the background's size: only the projection's change — fⁿ(paste) minus the fitted paste,
/// both scaled back up — is added to the full-resolution paste, weighted 1 within `margin`
/// pixels of the overlay's rectangle and falling linearly to 0 over another `margin`, so
/// regions far from the overlay stay exactly as they were.
public struct Compositor: Sendable {
    public let projector: Projector

    public init(model: IGNModel, statisticsSet: String? = nil, fit: FitMode = .pad,
                background: RGBColor = .white) throws {
        projector = try Projector(model: model, use: .project, statisticsSet: statisticsSet,
                                  fit: fit, background: background)
    }

    /// The naive paste: `overlay` drawn over `background` with its top-left corner at (x, y),
    /// blended by its alpha times the luma of `mask` (scaled to the overlay's size). The
    /// result is RGB if either image has colour, gray otherwise, without alpha.
    public func paste(_ overlay: Image, onto background: Image, atX x: Int, y: Int, mask: Image? = nil) throws -> Image {
        let color = overlay.colorModel.isColor || background.colorModel.isColor
        let target: ColorModel = color ? .rgb : .gray
        let fill = projector.background
        var base = PlanarImage(background.converted(to: target, background: fill))
        // The overlay's own colours and alpha (not flattened: its alpha blends it below, once).
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

    /// The paste and its projection (see the type's description).
    public func composite(_ overlay: Image, onto background: Image, atX x: Int, y: Int, mask: Image? = nil,
                          times: Int = 1, keepSize: Bool = false) throws -> (pasted: Image, result: Image) {
        let pasted = try paste(overlay, onto: background, atX: x, y: y, mask: mask)
        let projected = try projector.project(pasted, times: times)
        guard keepSize else { return (pasted, projected) }
        let placement = projector.placement(of: pasted), fill = projector.background
        let fitted = try placement.fit(pasted, background: fill)
        let before = try PlanarImage(placement.restore(fitted, original: pasted, background: fill))
        let after = try PlanarImage(placement.restore(projected, original: pasted, background: fill))
        var full = PlanarImage(pasted.converted(to: after.colorModel, background: fill))
        let weights = Compositor.weights(width: pasted.width, height: pasted.height,
                                         around: (x, y, overlay.width, overlay.height),
                                         margin: max(2, min(pasted.width, pasted.height) / 8))
        for c in 0..<full.channels {
            for i in 0..<full.plane {
                let k = c * full.plane + i
                full.values[k] += weights[i] * (after.values[k] - before.values[k])
            }
        }
        return (pasted, try full.image(bitDepth: pasted.bitDepth))
    }

    /// Per-pixel weights: 1 within `margin` of the rectangle, 0 beyond `2·margin`, linear between.
    static func weights(width: Int, height: Int, around rect: (x: Int, y: Int, width: Int, height: Int),
                        margin: Int) -> [Float] {
        var weights = [Float](repeating: 0, count: width * height)
        for py in 0..<height {
            let dy = max(0, rect.y - py, py - (rect.y + rect.height - 1))
            for px in 0..<width {
                let dx = max(0, rect.x - px, px - (rect.x + rect.width - 1))
                let distance = Float(max(dx, dy))
                weights[py * width + px] = min(1, max(0, 2 - distance / Float(margin)))
            }
        }
        return weights
    }
}
