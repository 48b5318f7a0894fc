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
    /// blend then uses the full-resolution input).
    public func denoise(_ image: Image, times: Int = 1, keepSize: Bool = false) throws -> Image {
        let projected = try projector.project(image, times: times, keepSize: keepSize)
        guard strength < 1 else { return projected }
        let background = projector.background
        var blend = PlanarImage(keepSize ? image.converted(to: projected.colorModel, background: background)
                                         : try projector.placement(of: image).fit(image, background: background),
                                background: background)
        blend.blend(toward: PlanarImage(projected, background: background), weight: strength)   // in place
        return try blend.image(bitDepth: projected.bitDepth)
    }
}
