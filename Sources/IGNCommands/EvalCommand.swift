import ArgumentParser
import FoundationEssentials
import IGN
import IGNFiles
import IGNImage

/// `ign eval`: measures a model on held-out images.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure a model on held-out images (PSNR of reconstruction, idempotence, denoising).",
        discussion: """
            PSNR is per image on the 0–1 scale, averaged. Denoising adds Gaussian noise of σ \
            0.1, 0.2 and 0.4 (in −1…1 units, clipped) and compares f(noisy) with the noisy \
            input, a 3×3 median filter and the best Gaussian blur. Noise is seeded: the \
            figures repeat exactly.
            """)

    @Argument(help: ArgumentHelp("Model file (or --model). Default: $IGN_MODEL, else the bundled model.",
                                 valueName: "model"))
    var modelPath: String?

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Held-out images: an IDX file or a folder of images.")
    var data: String

    @Option(help: "Evaluate only the first N images.")
    var count: Int?

    @Option(help: "Number of noise samples z for idempotence.")
    var noiseSamples = 1000

    @Option(help: "Seed of the added noise and of z.")
    var seed: UInt64 = 0

    @Flag(help: "Also measure every batch-norm normalisation option side by side.")
    var compareNormalizations = false

    @Option(help: ArgumentHelp("Write a 10×10 grid of generated samples to this PNG file.", valueName: "file"))
    var grid: String?

    @Flag(help: "Print the figures as JSON.")
    var json = false

    @Flag(help: "Show progress on stderr even when it is not a terminal.")
    var progress = false

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be positive") }
        if modelPath != nil && modelOptions.model != nil { throw ValidationError("give the model once: MODEL or --model") }
        guard noiseSamples >= 1 else { throw ValidationError("--noise-samples must be positive") }
    }

    func run() throws {
        // Nothing to save half-way: a signal ends the run at once (and removes a grid's
        // temporary file), wherever the evaluation loop is.
        TerminationSignals.install()
        let model = try ModelOptions.load(path: modelPath ?? modelOptions.model)
        var dataset = try ImageDataset.load(path: data, geometry: model.imageGeometry)
        if let count { dataset = dataset.prefix(count) }
        var evaluator = Evaluator(model: model, data: dataset)
        evaluator.noiseSamples = noiseSamples
        evaluator.seed = seed
        var bar: ProgressBar?
        let started = Date()
        evaluator.onProgress = { done, total in
            if bar == nil { bar = ProgressBar(total: total, unit: "measurements", forced: progress, started: started) }
            bar?.update(done: done)
        }
        let report = try evaluator.run(compareNormalizations: compareNormalizations)
        bar?.finish()
        if let grid {
            let image = try Generation.sampleGrid(model, columns: 10, rows: 10, seed: seed)
            try ImageFile.write(image, to: grid)
        }
        print(json ? try EvalCommand.json(report) : EvalCommand.summary(report, data: data))
    }

    static func json(_ report: EvaluationReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    static func summary(_ r: EvaluationReport, data: String) -> String {
        var lines = [
            "\(r.images) images from \(data); PSNR in dB (per image, 0–1 scale, mean)",
            formatted("reconstruction  f(x) vs x           %6.2f", r.reconstruction)
                + "   (statistics: \(r.projectStatistics))",
            formatted("idempotence     f(f(z)) vs f(z)     %6.2f", r.idempotence)
                + "   (\(r.noiseSamples) samples, statistics: \(r.generateStatistics) then \(r.projectStatistics))",
            "denoising (statistics: \(r.denoiseStatistics))",
            "                  σ     noisy   f(noisy)   median3x3   best gaussian",
        ]
        for d in r.denoising {
            lines.append(formatted("                %5.2f   %6.2f   %6.2f     %6.2f      %6.2f (σ %.2f px)",
                                d.sigma, d.noisy, d.model, d.median, d.gaussian, d.gaussianSigma))
        }
        if let options = r.normalizations {
            lines.append("normalisation (one statistics choice for every application)")
            lines.append("  statistics      reconstruction   denoising σ0.4   idempotence")
            for o in options {
                let name = o.statistics.padded(to: 14)
                lines.append("  \(name)  " + formatted("%6.2f           %6.2f           %6.2f",
                                                      o.reconstruction, o.denoising04, o.idempotence))
            }
        }
        return lines.joined(separator: "\n")
    }
}
