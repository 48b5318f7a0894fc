import ArgumentParser
import IGN
import IGNImage

/// `ign denoise`: projection of noisy images with the statistics measured on noisy inputs.
struct DenoiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "denoise",
        abstract: "Remove noise by projecting onto the learned manifold.",
        discussion: """
            Projects each image with the model's statistics for noisy inputs (the bundled \
            model's 'noisy-images' set) and blends the result with the input by --strength. \
            Where it helps, measured with 'ign eval' on the 10,000 Fashion-MNIST test images \
            (PSNR, dB): heavy noise σ 0.4 (in −1…1 units): noisy 15.97, denoised 20.55, \
            3×3 median 18.11, best Gaussian blur 18.25 — denoise wins by 2.3 dB. Light \
            noise σ 0.2: 21.62 / 22.09 / 20.27 / 22.59, and σ 0.1: 27.48 / 21.78 / 21.24 / \
            25.71 — a Gaussian blur (or nothing) is better there: the projection's own error \
            (about 24 dB) exceeds light noise. See Models/README.md.
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var projection: ProjectionOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var batch: BatchOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fill: BackgroundOption

    @Option(help: "How much of the projection to keep: 1 = the projection only, 0 = the input unchanged.")
    var strength: Float = 1

    @Flag(help: "Restore each result to its input's size (the blend then uses the full-resolution input).")
    var keepSize = false

    func validate() throws {
        guard (0...1).contains(strength) else { throw ValidationError("--strength must be between 0 and 1") }
    }

    func run() throws {
        let model = try modelOptions.load()
        try projection.checkStatistics(of: model)
        let denoiser = try Denoiser(model: model, statisticsSet: projection.statistics, strength: strength,
                                    fit: projection.fit, background: fill.background)
        let (steps, keepSize) = (projection.steps, self.keepSize)
        try ImagePipeline(input: input, output: output, batch: batch, background: fill.background)
            .run(workingSet: denoiser.workingSet(keepSize: keepSize)) { image in
            try denoiser.denoise(image, times: steps, keepSize: keepSize)
        }
    }
}
