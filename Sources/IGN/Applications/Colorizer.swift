import IGNImage

/// Colourising by projection: a gray image (or a colour one made gray) is projected by a
/// colour model, which, having learnt only colour images, answers with colours.
///
/// By default the result keeps the input's luminance — Y of Y′CbCr (Rec. 601 luma, the
/// weights `ign` makes gray with) — at the input's full size, and takes only chroma (Cb, Cr)
/// from the projection, scaled up: detail stays the input's, colour is the model's. Where
/// the projection's chroma with the input's luma would leave the RGB cube, chroma is scaled
/// down toward gray for that pixel, so luma is kept exactly up to rounding. `raw` returns the
/// projection itself, at the model's size.
public struct Colorizer: Sendable {
    public let projector: Projector

    /// Errors particular to colourising.
    public enum ColorizeError: Error, Equatable, CustomStringConvertible {
        /// The model is gray; `suggestion` names a bundled colour model, if there is one.
        case grayModel(suggestion: String?)
        public var description: String {
            guard case .grayModel(let suggestion) = self else { return "" }
            return "this model is gray (1 channel); colorize needs a colour model: "
                + (suggestion.map { "try --model \($0)" } ?? "give one with --model PATH (train one with 'ign train --architecture celeba64')")
        }
    }

    public init(model: IGNModel, statisticsSet: String? = nil, fit: FitMode = .pad,
                background: RGBColor = .white) throws {
        guard model.imageGeometry.channels == 3 else {
            throw ColorizeError.grayModel(suggestion: BundledModel.all.first { $0.imageChannels == 3 }?.name)
        }
        projector = try Projector(model: model, use: .project, statisticsSet: statisticsSet,
                                  fit: fit, background: background)
    }

    /// The colourised image.
    public func colorize(_ image: Image, times: Int = 1, raw: Bool = false) throws -> Image {
        let gray = image.converted(to: .gray, background: projector.background)
        guard !raw else { return try projector.project(gray, times: times) }
        let projected = try projector.project(gray, times: times, keepSize: true)
        return try Colorizer.combine(luma: PlanarImage(gray), chroma: PlanarImage(projected))
            .image(bitDepth: image.bitDepth)
    }

    /// RGB with the luma of `luma` (gray) and the chroma of `chroma` (RGB, same size).
    static func combine(luma: PlanarImage, chroma: PlanarImage) -> PlanarImage {
        let plane = luma.plane
        var rgb = [Float](repeating: 0, count: 3 * plane)
        for i in 0..<plane {
            let (r, g, b) = (chroma.values[i], chroma.values[plane + i], chroma.values[2 * plane + i])
            let y = luma.values[i]
            // The projection's colour offsets from its own luma; adding them to any luma keeps it.
            let ownLuma = 0.299 * r + 0.587 * g + 0.114 * b
            var offsets = (r - ownLuma, g - ownLuma, b - ownLuma)
            // Largest t ≤ 1 with y + t·offset inside 0…1 for every channel.
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
        return PlanarImage(width: luma.width, height: luma.height, colorModel: .rgb, values: rgb)
    }
}
