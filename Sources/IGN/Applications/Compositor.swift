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

    /// Rows of the full-size result made at a time with `keepSize` (the restored fitted paste
    /// and projection are made for these rows only).
    static let stripRows = 64

    /// The naive paste: `overlay` drawn over `background` with its top-left corner at (x, y),
    /// blended by its alpha times the luma of `mask` (scaled to the overlay's size). The
    /// result is RGB if either image has colour, gray otherwise, without alpha. It is made in
    /// the background's own samples when they already are of that colour model, pixel by
    /// pixel (the values of the planar computation it replaces, to the bit).
    public func paste(_ overlay: Image, onto background: consuming Image, atX x: Int, y: Int,
                      mask: Image? = nil) throws -> Image {
        let color = overlay.colorModel.isColor || background.colorModel.isColor
        let target: ColorModel = color ? .rgb : .gray
        let bitDepth = max(background.bitDepth, overlay.bitDepth)
        var base = (consume background).converted(to: target, background: projector.background)
        // The overlay's own colours and alpha (not flattened: its alpha blends it below, once).
        let top = overlay.converted(to: target.withAlpha(overlay.colorModel.hasAlpha))
        let topChannels = top.colorModel.channelCount, topAlpha = top.colorModel.hasAlpha
        let scaledMask = try mask.map {
            try $0.converted(to: .gray, background: .black).resized(width: overlay.width, height: overlay.height)
        }
        let (width, height, channels) = (base.width, base.height, base.colorModel.channelCount)
        let left = min(max(0, x), width)
        let columns = left..<max(left, min(width, x + overlay.width))
        base.samples.withUnsafeMutableBufferPointer { samples in
            for py in 0..<height {
                let oy = py - y
                let rowInside = oy >= 0 && oy < overlay.height
                for px in 0..<width {
                    let k = (py * width + px) * channels
                    guard rowInside && columns.contains(px) else {
                        // Outside the overlay: the planar round trip, as the planar paste made it.
                        for c in 0..<channels { samples[k + c] = PlanarImage.sample(unit: PlanarImage.unit(samples[k + c])) }
                        continue
                    }
                    let pixel = oy * overlay.width + (px - x)
                    var alpha: Float = 1
                    if topAlpha { alpha = Float(top.samples[pixel * topChannels + topChannels - 1]) / 65535 }
                    if let scaledMask { alpha *= Float(scaledMask.samples[pixel]) / 65535 }
                    for c in 0..<channels {
                        var value = PlanarImage.unit(samples[k + c])
                        value += alpha * (Float(top.samples[pixel * topChannels + c]) / 65535 - value)
                        samples[k + c] = PlanarImage.sample(unit: value)
                    }
                }
            }
        }
        base.bitDepth = bitDepth
        return base
    }

    /// The paste and its projection (see the type's description).
    public func composite(_ overlay: Image, onto background: Image, atX x: Int, y: Int, mask: Image? = nil,
                          times: Int = 1, keepSize: Bool = false) throws -> (pasted: Image, result: Image) {
        let pasted = try paste(overlay, onto: background, atX: x, y: y, mask: mask)
        let result = try composite(pasted: pasted, around: (x, y, overlay.width, overlay.height),
                                   times: times, keepSize: keepSize)
        return (pasted, result)
    }

    /// The projection of a paste whose overlay covered `rectangle` (see the type's
    /// description). With `keepSize` the result is made in the paste's own samples, in
    /// strips of rows: only the strip's part of the restored fitted paste and projection
    /// exists at a time, so besides the paste it holds a few rows (and, for a model of
    /// other channels, the paste converted to them).
    public func composite(pasted: consuming Image, around rectangle: (x: Int, y: Int, width: Int, height: Int),
                          times: Int = 1, keepSize: Bool = false) throws -> Image {
        let projected = try projector.project(pasted, times: times)
        guard keepSize else { return projected }
        let placement = projector.placement(of: pasted), fill = projector.background
        let fitted = try placement.fit(pasted, background: fill)
        let bitDepth = pasted.bitDepth
        var full = (consume pasted).converted(to: projected.colorModel, background: fill)
        let (width, height, channels) = (full.width, full.height, full.colorModel.channelCount)
        let margin = max(2, min(width, height) / 8)
        // Every value goes through the planar round trip, with the change added where the
        // restored parts lie (for `crop`, outside them both restorations are the paste: no change).
        for top in stride(from: 0, to: height, by: Compositor.stripRows) {
            let rows = top..<min(height, top + Compositor.stripRows)
            let before = try placement.restoredPart(of: fitted, rows: rows)
            let after = try placement.restoredPart(of: projected, rows: rows)
            full.samples.withUnsafeMutableBufferPointer { samples in
                for py in rows {
                    for px in 0..<width {
                        let k = (py * width + px) * channels
                        guard let before, let after, py >= before.y, py < before.y + before.image.height,
                              px >= before.x, px < before.x + before.image.width else {
                            for c in 0..<channels { samples[k + c] = PlanarImage.sample(unit: PlanarImage.unit(samples[k + c])) }
                            continue
                        }
                        let weight = Compositor.weight(x: px, y: py, around: rectangle, margin: margin)
                        let source = ((py - before.y) * before.image.width + px - before.x) * channels
                        for c in 0..<channels {
                            let change = PlanarImage.unit(after.image.samples[source + c])
                                - PlanarImage.unit(before.image.samples[source + c])
                            samples[k + c] = PlanarImage.sample(unit: PlanarImage.unit(samples[k + c]) + weight * change)
                        }
                    }
                }
            }
        }
        full.bitDepth = bitDepth
        return full
    }

    /// The weight of the change at (x, y): 1 within `margin` of the rectangle, 0 beyond
    /// `2·margin`, linear between.
    @inline(__always)
    static func weight(x px: Int, y py: Int, around rect: (x: Int, y: Int, width: Int, height: Int),
                       margin: Int) -> Float {
        let dy = max(0, rect.y - py, py - (rect.y + rect.height - 1))
        let dx = max(0, rect.x - px, px - (rect.x + rect.width - 1))
        let distance = Float(max(dx, dy))
        return min(1, max(0, 2 - distance / Float(margin)))
    }

    /// What pasting holds besides the background (see ``WorkingSet``): the paste in the
    /// colour model of the two images (`color`: RGB), made in the background's samples when
    /// they already are, and with `keepSize` the paste converted to the model's channels.
    public func backgroundWorkingSet(color: Bool, keepSize: Bool) -> WorkingSet {
        let target: ColorModel = color ? .rgb : .gray
        let modelChannels = projector.model.imageGeometry.channels
        return WorkingSet { model in
            (model == target ? 0 : 2 * target.channelCount)
                + (keepSize && modelChannels != target.channelCount ? 2 * modelChannels : 0)
        }
    }

    /// What pasting holds besides the overlay: its copy in the paste's colour model (with
    /// its alpha) and the mask scaled to its size.
    public func overlayWorkingSet(color: Bool, mask: Bool) -> WorkingSet {
        let target: ColorModel = color ? .rgb : .gray
        return WorkingSet { model in
            (model == target ? 0 : 2 * target.withAlpha(model.hasAlpha).channelCount) + (mask ? 2 : 0)
        }
    }
}
