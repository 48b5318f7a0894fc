/// What `Evaluator` measured: mean per-image PSNR in dB on the 0–1 scale.
public struct EvaluationReport: Codable, Equatable, Sendable {
    /// Denoising at one noise level.
    public struct Denoising: Codable, Equatable, Sendable {
        /// σ of the added Gaussian noise, in [−1, 1] units (the result is clipped).
        public var sigma: Double
        /// The noisy input against the clean image.
        public var noisy: Double
        /// f(noisy).
        public var model: Double
        /// A 3×3 median filter of the noisy input.
        public var median: Double
        /// The best Gaussian blur of the noisy input, and its σ in pixels.
        public var gaussian: Double
        public var gaussianSigma: Double
    }

    /// One way of normalising batch norm at inference, measured.
    public struct NormalizationResult: Codable, Equatable, Sendable {
        /// A statistics set's name, or "batch" for batch statistics.
        public var statistics: String
        public var reconstruction: Double
        /// f(noisy) at σ 0.4.
        public var denoising04: Double
        /// f(f(z)) ↔ f(z) with these statistics for both applications.
        public var idempotence: Double
    }

    public var images: Int
    public var noiseSamples: Int
    /// Statistics used for projection (reconstruction, and f(f(z))'s outer application),
    /// for generation (f(z)) and for denoising.
    public var projectStatistics: String
    public var generateStatistics: String
    public var denoiseStatistics: String
    /// f(x) ↔ x.
    public var reconstruction: Double
    /// f(f(z)) ↔ f(z).
    public var idempotence: Double
    public var denoising: [Denoising]
    /// Every normalisation option the model offers, side by side (when asked for).
    public var normalizations: [NormalizationResult]?
}
