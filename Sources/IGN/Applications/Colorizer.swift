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

    /// The colourised image. The projection's chroma is combined with the input's luma in
    /// the restored projection's own samples, pixel by pixel: besides the input, its gray
    /// copy (none when it is gray) and the RGB result, nothing image-sized is made.
    public func colorize(_ image: consuming Image, times: Int = 1, raw: Bool = false) throws -> Image {
        let bitDepth = image.bitDepth
        let gray = (consume image).converted(to: .gray, background: projector.background)
        guard !raw else { return try projector.project(gray, times: times) }
        var result = try projector.project(gray, times: times, keepSize: true)
        Colorizer.combine(luma: gray, into: &result)
        result.bitDepth = bitDepth
        return result
    }

    /// What ``colorize(_:times:raw:)`` holds besides the input image (see ``WorkingSet``):
    /// the RGB result at the input's size (6 bytes per pixel) and, for an input that is not
    /// gray, its gray copy (2).
    public func workingSet(raw: Bool) -> WorkingSet {
        raw ? .none : WorkingSet { model in 6 + (model == .gray ? 0 : 2) }
    }

    /// Replaces the luma of `chroma` (RGB) by that of `luma` (gray, same size), in place.
    static func combine(luma: Image, into chroma: inout Image) {
        precondition(luma.colorModel == .gray && chroma.colorModel == .rgb, "gray luma, RGB chroma")
        precondition(luma.width == chroma.width && luma.height == chroma.height, "images of different sizes")
        luma.samples.withUnsafeBufferPointer { gray in
            chroma.samples.withUnsafeMutableBufferPointer { rgb in
                for i in 0..<gray.count {
                    let pixel = combine(luma: PlanarImage.unit(gray[i]), red: PlanarImage.unit(rgb[3 * i]),
                                        green: PlanarImage.unit(rgb[3 * i + 1]), blue: PlanarImage.unit(rgb[3 * i + 2]))
                    rgb[3 * i] = PlanarImage.sample(unit: pixel.0)
                    rgb[3 * i + 1] = PlanarImage.sample(unit: pixel.1)
                    rgb[3 * i + 2] = PlanarImage.sample(unit: pixel.2)
                }
            }
        }
    }

    /// One pixel: luma `y` with the colour offsets of (r, g, b) from their own luma, scaled
    /// down where they would leave the RGB cube.
    @inline(__always)
    static func combine(luma y: Float, red r: Float, green g: Float, blue b: Float) -> (Float, Float, Float) {
        // The projection's colour offsets from its own luma; adding them to any luma keeps it.
        let ownLuma = rec601Luma(red: r, green: g, blue: b)
        var offsets = (r - ownLuma, g - ownLuma, b - ownLuma)
        // Largest t ≤ 1 with y + t·offset inside 0…1 for every channel.
        var t: Float = 1
        func limit(_ offset: Float) {
            if offset > 0 { t = min(t, (1 - y) / offset) }
            if offset < 0 { t = min(t, -y / offset) }
        }
        limit(offsets.0)
        limit(offsets.1)
        limit(offsets.2)
        t = max(0, t)
        offsets = (offsets.0 * t, offsets.1 * t, offsets.2 * t)
        return (y + offsets.0, y + offsets.1, y + offsets.2)
    }
}
