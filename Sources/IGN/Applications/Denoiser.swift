import IGNImage

/// Denoising by projection: fⁿ(x) with the model's statistics for noisy inputs
/// (`noisy-images` in the bundled model), blended with the input by `strength`.
///
/// Measured on the bundled model (`Models/README.md`): it beats a 3×3 median and the best
/// Gaussian blur on heavy noise (σ 0.4 in −1…1 units: +2.3 dB over the better of them),
/// not on light noise (σ ≤ 0.2), where the projection's own error exceeds the noise.
public struct Denoiser: Sendable {
    public let projector: Projector
    /// 1: the projection alone; 0: the input unchanged; between: a linear blend.
    public var strength: Float

    public init(model: IGNModel, statisticsSet: String? = nil, strength: Float = 1,
                fit: FitMode = .pad, background: RGBColor = .white) throws {
        guard (0...1).contains(strength) else { throw IGNModelError.invalid("strength must be between 0 and 1") }
        projector = try Projector(model: model, use: .denoise, statisticsSet: statisticsSet,
                                  fit: fit, background: background)
        self.strength = strength
    }

    /// The denoised image: at the model's size, or at the input's with `keepSize` (the
    /// blend then uses the full-resolution input, streamed into the restored result, see
    /// ``SampleBlend``).
    public func denoise(_ image: consuming Image, times: Int = 1, keepSize: Bool = false) throws -> Image {
        var projected = try projector.project(image, times: times, keepSize: keepSize)
        guard strength < 1 else { return projected }
        let background = projector.background
        if keepSize {
            try SampleBlend.blend(image, into: &projected, weight: strength, background: background)
            return projected
        }
        var blend = PlanarImage(try projector.placement(of: image).fit(image, background: background),
                                background: background)
        blend.blend(toward: PlanarImage(projected, background: background), weight: strength)   // in place
        return try blend.image(bitDepth: projected.bitDepth)
    }

    /// What ``denoise(_:times:keepSize:)`` holds besides the input image (see ``WorkingSet``):
    /// with `keepSize`, the result at the input's size in the model's colour model.
    public func workingSet(keepSize: Bool) -> WorkingSet {
        projector.workingSet(keepSize: keepSize)
    }
}
