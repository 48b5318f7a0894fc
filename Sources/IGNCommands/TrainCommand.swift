import ArgumentParser
import FoundationEssentials
import IGN
import IGNFiles
import IGNImage
import IGNNeural

/// `ign train`: trains an IGN model on an IDX file or a folder of images.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an IGN model on a dataset.",
        discussion: """
            DATA is an IDX image file (gzipped or not; Fashion-MNIST's is \
            /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz) or a folder of \
            PNG/JPEG/Netpbm images, fitted to the model's size. A checkpoint (weights, \
            optimizer, step, random state) is written every --checkpoint-every seconds and on \
            Ctrl-C; --resume continues it exactly (with the checkpoint's settings; only --steps \
            may change). At the end the model is written to -o. --from starts from a trained \
            model (a bundled name, a model file or a checkpoint) instead of a fresh network \
            (fine-tuning), with its architecture and source noise.
            """)

    @Argument(help: "IDX file or folder of images.")
    var data: String

    @Option(name: [.short, .customLong("output")], help: "Where to write the trained model.")
    var output = "model.safetensors"

    @Option(help: "Checkpoint file (default: OUTPUT.checkpoint).")
    var checkpoint: String?

    @Flag(help: "Continue from the checkpoint if it exists (a fresh run otherwise).")
    var resume = false

    @Option(help: "Total optimizer steps of the run (default 10000; with --resume, the checkpoint's unless given).")
    var steps: Int?

    @Option(help: "Images per batch.")
    var batchSize = 256

    @Option(help: ArgumentHelp("Start from this model (bundled name, model file or checkpoint) instead of a fresh network.",
                               valueName: "model"))
    var from: String?

    @Option(help: "Architecture: mnist28 (28×28×1) or celeba64 (64×64×3).")
    var architecture: Architecture = .mnist28

    @Option(help: "Channel-width multiplier (1 = the reference network).")
    var width = 1.0

    @Option(help: "Adam learning rate.")
    var learningRate: Float = 1e-4

    @Option(help: "Source noise: gaussian or frequency (with --from, the model's).")
    var noise: NoiseKind = .gaussian

    @Option(help: "Objective: paper (L1, λ 20/20/2.5, clamp 1.5) or simple (MSE, 1/1/0.1, no clamp).")
    var objective: ObjectivePreset = .paper

    @Option(help: ArgumentHelp("""
        Show this fraction (0…1) of each batch to the reconstruction term in gray, the colour \
        image kept as its target, so that f(gray x) = x: trains colour models for colorize (an \
        addition to the paper's objective).
        """, valueName: "fraction"))
    var grayPairs = 0.0

    @Flag(help: "Mirror training images left–right at random.")
    var flip = false

    @Option(help: "Images held out from training (never trained on).")
    var holdOut = 1000

    @Option(help: "Random seed; the same seed and data repeat a run exactly.")
    var seed: UInt64 = 1

    @Option(help: "Seconds between checkpoints.")
    var checkpointEvery = 300.0

    @Option(help: "Log a line every N steps (when stderr is not a terminal).")
    var logEvery = 50

    @Option(help: "Folder for a sample grid per epoch (default: OUTPUT.samples).")
    var samples: String?

    @Option(help: "Weights precision of the model file: f16, bf16 or f32.")
    var precision: SafeTensorsDType = .f16

    func validate() throws {
        if let steps, steps <= 0 { throw ValidationError("--steps must be positive") }
        guard batchSize >= 2, width > 0, width <= 8, learningRate > 0, holdOut >= 0,
              checkpointEvery > 0, logEvery > 0 else {
            throw ValidationError("--batch-size (≥ 2), --width (≤ 8), --learning-rate, --checkpoint-every and --log-every must be positive")
        }
        guard (0...1).contains(grayPairs) else { throw ValidationError("--gray-pairs must be between 0 and 1") }
    }

    func run() throws {
        let checkpointURL = URL(fileURLWithPath: checkpoint ?? output + ".checkpoint")
        let samplesFolder = samples ?? output + ".samples"
        let console = Console.shared
        let resuming = resume && FileManager.default.fileExists(atPath: checkpointURL.path)
        if !resume && FileManager.default.fileExists(atPath: checkpointURL.path) {
            throw FileFailure(path: checkpointURL.path,
                              error: CommandError.cannotWrite("it exists: continue it with --resume, or choose another --checkpoint"))
        }
        let trainer: Trainer
        if resuming {
            let geometry = try Trainer.checkpointImageGeometry(at: checkpointURL)
            trainer = try Trainer.resume(from: checkpointURL, data: ImageDataset.load(path: data, geometry: geometry))
            if let steps { trainer.extend(to: steps) }
            console.note("resuming \(checkpointURL.path) at step \(trainer.step) of \(trainer.configuration.steps)")
        } else if let from {
            let model = try ModelLocator.load(from)
            let dataset = try ImageDataset.load(path: data, geometry: model.imageGeometry)
            trainer = try Trainer(configuration: configuration(), model: model, data: dataset)
            console.note("starting from \(from)")
        } else {
            let dataset = try ImageDataset.load(path: data, geometry: architecture.imageGeometry)
            trainer = try Trainer(configuration: configuration(), data: dataset)
        }
        let configured = trainer.configuration
        let layout = configured.architecture.network(width: configured.width) == trainer.model.network.spec
            ? "\(configured.architecture.rawValue) ×\(configured.width)" : "a \(trainer.model.imageGeometry) model"
        console.note("""
            training \(layout) (\(trainer.model.parameterCount) parameters) on \(trainer.training.count) images \
            (\(trainer.heldOut.count) held out), batch \(trainer.configuration.batchSize), \
            \(trainer.stepsPerEpoch) steps per epoch
            """)

        let interrupt = SignalFlag()
        let log = TrainingLog(total: trainer.configuration.steps, batchSize: trainer.configuration.batchSize,
                              logEvery: logEvery, console: console)
        let outcome: Trainer.RunOutcome
        do {
            outcome = try trainer.run(
                checkpoint: checkpointURL, checkpointEvery: checkpointEvery, isInterrupted: { interrupt.isSet },
                onStep: { log.record(step: $0.step, epoch: $0.epoch, losses: $0.losses, imagesPerSecond: $0.imagesPerSecond) },
                onEpoch: { report in
                    if let psnr = report.heldOutPSNR {
                        log.note(formatted("epoch %d: held-out reconstruction %.2f dB", report.epoch, psnr))
                    }
                },
                onSampleGrid: { epoch, grid in
                    let path = PathName.joining(samplesFolder, formatted("epoch-%04d.png", epoch))
                    do { try ImageFile.write(grid.get(), to: path, creatingFolder: true) } catch {
                        console.error("sample grid not written: \(describe(error))")
                    }
                })
        } catch {
            throw FileFailure(path: checkpointURL.path, error: error)
        }
        log.finish()
        if outcome == .interrupted {
            console.note("interrupted at step \(trainer.step); continue with --resume (checkpoint \(checkpointURL.path))")
            throw ExitCode(interrupt.exitStatus)
        }
        do {
            try trainer.finishModel(command: (["ign"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
            try trainer.model.write(to: URL(fileURLWithPath: output), dtype: precision)
        } catch {
            throw FileFailure(path: output, error: error)
        }
        console.note("wrote \(output) after \(trainer.step) steps (" + formatted("%.0f", trainer.elapsed) + " s of training)")
    }

    /// The configuration of a fresh run, from the options.
    private func configuration() -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.architecture = architecture
        configuration.width = width
        configuration.batchSize = batchSize
        configuration.steps = steps ?? 10_000
        configuration.learningRate = learningRate
        configuration.objective = objective.objective
        configuration.noise = noise
        configuration.flip = flip
        configuration.heldOut = holdOut
        configuration.seed = seed
        configuration.grayPairs = grayPairs > 0 ? grayPairs : nil
        return configuration
    }

}
