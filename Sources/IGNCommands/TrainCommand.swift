import ArgumentParser
import Foundation
import IGN
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
            Ctrl-C; --resume continues it exactly. At the end the model is written to -o.
            """)

    @Argument(help: "IDX file or folder of images.")
    var data: String

    @Option(name: [.short, .customLong("output")], help: "Where to write the trained model.")
    var output = "model.safetensors"

    @Option(help: "Checkpoint file (default: OUTPUT.checkpoint).")
    var checkpoint: String?

    @Flag(help: "Continue from the checkpoint if it exists (a fresh run otherwise).")
    var resume = false

    @Option(help: "Total optimizer steps of the run.")
    var steps = 10_000

    @Option(help: "Images per batch.")
    var batchSize = 256

    @Option(help: "Architecture: mnist28 (28×28×1) or celeba64 (64×64×3).")
    var architecture: String = "mnist28"

    @Option(help: "Channel-width multiplier (1 = the reference network).")
    var width = 1.0

    @Option(help: "Adam learning rate.")
    var learningRate: Float = 1e-4

    @Option(help: "Source noise: gaussian or frequency.")
    var noise = "gaussian"

    @Option(help: "Objective: paper (L1, λ 20/20/2.5, clamp 1.5) or simple (MSE, 1/1/0.1).")
    var objective = "paper"

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

    @Option(help: "Weights precision of the model file: f32 or f16.")
    var precision = "f16"

    func validate() throws {
        guard Architecture(rawValue: architecture) != nil else {
            throw ValidationError("unknown architecture '\(architecture)' (mnist28 or celeba64)")
        }
        guard ["gaussian", "frequency"].contains(noise) else { throw ValidationError("--noise is gaussian or frequency") }
        guard ["paper", "simple"].contains(objective) else { throw ValidationError("--objective is paper or simple") }
        guard ["f16", "f32"].contains(precision) else { throw ValidationError("--precision is f16 or f32") }
        guard steps > 0, batchSize >= 2, width > 0, width <= 8, learningRate > 0, holdOut >= 0,
              checkpointEvery > 0, logEvery > 0 else {
            throw ValidationError("--steps, --batch-size (≥ 2), --width, --learning-rate, --checkpoint-every and --log-every must be positive")
        }
    }

    func run() throws {
        let checkpointURL = URL(fileURLWithPath: checkpoint ?? output + ".checkpoint")
        let samplesFolder = samples ?? output + ".samples"
        var configuration = TrainingConfiguration()
        configuration.architecture = Architecture(rawValue: architecture)!
        configuration.width = width
        configuration.batchSize = batchSize
        configuration.steps = steps
        configuration.learningRate = learningRate
        configuration.objective = objective == "simple" ? .simple : .paper
        configuration.noise = noise
        configuration.flip = flip
        configuration.heldOut = holdOut
        configuration.seed = seed

        let console = Console.shared
        let trainer: Trainer
        do {
            let dataset = try ImageDataset.load(path: data, geometry: configuration.architecture.imageGeometry)
            if resume && FileManager.default.fileExists(atPath: checkpointURL.path) {
                trainer = try Trainer.resume(from: checkpointURL, data: dataset)
                trainer.extend(to: steps)
                console.note("resuming \(checkpointURL.path) at step \(trainer.step) of \(trainer.configuration.steps)")
            } else {
                trainer = try Trainer(configuration: configuration, data: dataset)
            }
        } catch {
            console.error(describe(error))
            throw ExitCode.failure
        }
        let model = trainer.model
        console.note("""
            training \(trainer.configuration.architecture.rawValue) ×\(trainer.configuration.width) \
            (\(model.parameterCount) parameters) on \(trainer.training.count) images \
            (\(trainer.heldOut.count) held out), batch \(trainer.configuration.batchSize), \
            \(trainer.stepsPerEpoch) steps per epoch
            """)

        let interrupt = InterruptFlag()
        var lastCheckpoint = Date()
        let log = TrainingLog(total: trainer.configuration.steps, batchSize: trainer.configuration.batchSize,
                              logEvery: logEvery, console: console)
        var lastEpoch = trainer.epoch
        while !trainer.isFinished && !interrupt.isSet {
            let started = Date()
            let losses = trainer.runStep()
            log.record(step: trainer.step, epoch: trainer.epoch, losses: losses,
                       imagesPerSecond: Double(trainer.configuration.batchSize) / Date().timeIntervalSince(started))
            if trainer.epoch != lastEpoch || trainer.isFinished {
                lastEpoch = trainer.epoch
                if let psnr = trainer.heldOutReconstructionPSNR() {
                    log.note(String(format: "epoch %d: held-out reconstruction %.2f dB", trainer.epoch, psnr))
                }
                writeSampleGrid(trainer, folder: samplesFolder)
            }
            if Date().timeIntervalSince(lastCheckpoint) >= checkpointEvery {
                try save(trainer, to: checkpointURL)
                lastCheckpoint = Date()
            }
        }
        try save(trainer, to: checkpointURL)
        log.finish()
        if interrupt.isSet {
            console.note("interrupted at step \(trainer.step); continue with --resume (checkpoint \(checkpointURL.path))")
            throw ExitCode(130)
        }
        do {
            try trainer.finishModel(command: (["ign"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
            try model.write(to: URL(fileURLWithPath: output), dtype: precision == "f16" ? .f16 : .f32)
        } catch {
            console.error(describe(error), subject: output)
            throw ExitCode.failure
        }
        console.note(String(format: "wrote %@ after %d steps (%.0f s of training)", output, trainer.step, trainer.elapsed))
    }

    private func save(_ trainer: Trainer, to url: URL) throws {
        do { try trainer.saveCheckpoint(to: url) } catch {
            Console.shared.error(describe(error), subject: url.path)
            throw ExitCode.failure
        }
    }

    /// f(z) for a fixed set of 64 noise draws, as an 8×8 grid.
    private func writeSampleGrid(_ trainer: Trainer, folder: String) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let grid = try Generation.sampleGrid(trainer.model, columns: 8, rows: 8, seed: 0,
                                                 normalization: .inferenceWithBatchStatistics)
            let path = (folder as NSString).appendingPathComponent(String(format: "epoch-%04d.png", trainer.epoch))
            try AtomicFileWriter.write(grid.encoded(EncodeOptions(format: .png)), to: path)
        } catch {
            Console.shared.error("sample grid: \(describe(error))")
        }
    }
}

/// Set once SIGINT or SIGTERM arrives; the training loop checks it between steps.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private var sources: [DispatchSourceSignal] = []

    init() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.lock.withLock { self?.set = true } }
            source.resume()
            sources.append(source)
        }
    }

    var isSet: Bool { lock.withLock { set } }
}
