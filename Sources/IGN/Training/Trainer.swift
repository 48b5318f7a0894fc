import FoundationEssentials
import IGNImage
import IGNNeural

/// Errors from training.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case invalidConfiguration(String)
    case checkpoint(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let why): return "invalid training setup: \(why)"
        case .checkpoint(let why): return "bad checkpoint: \(why)"
        }
    }
}

/// Trains an IGN model: batches in a seeded order, source noise, the IGN step, Adam.
///
/// The whole state of a run — weights, batch-norm buffers, optimizer moments, step count
/// and random generator — goes into a checkpoint, and a run resumed from one continues
/// bit for bit as if it had never stopped.
public final class Trainer {
    public internal(set) var configuration: TrainingConfiguration
    public let model: IGNModel
    public let training: ImageDataset
    public let heldOut: ImageDataset
    public let optimizer: Adam
    private let trainingStep: TrainingStep
    /// Steps completed.
    public internal(set) var step = 0
    /// Wall-clock seconds spent training, over all sessions of this run.
    public internal(set) var elapsed: Double = 0
    /// Draws noise and flips; its state is checkpointed.
    var generator: RandomGenerator
    private let batchX = FeatureMaps(), batchZ = FeatureMaps()
    /// The reconstruction inputs when some are gray (`TrainingConfiguration.grayPairs`).
    private let batchInput = FeatureMaps()
    private var epochOrder: (epoch: Int, order: [Int])?

    /// A fresh run on `data` with the configuration's architecture: the held-out split is
    /// set aside, the model initialised (DCGAN) and its source noise fitted.
    public convenience init(configuration: TrainingConfiguration, data: ImageDataset) throws {
        var generator = RandomGenerator(seed: configuration.seed)
        let geometry = configuration.architecture.imageGeometry
        guard data.geometry == geometry else {
            throw DatasetError.wrongShape(path: data.source, expected: geometry, got: data.geometry.description)
        }
        let (training, heldOut) = Trainer.split(data, configuration)
        let noise: SourceNoise
        switch configuration.noise {
        case .gaussian: noise = .gaussian
        case .frequency:
            let sample = training.prefix(1000)
            noise = .frequency(FrequencyStatistics(images: sample.values, count: sample.count, geometry: geometry))
        }
        let model = try IGNModel(architecture: configuration.architecture, width: configuration.width,
                                 noise: noise, generator: &generator)
        try self.init(configuration: configuration, model: model, training: training,
                      heldOut: heldOut, generator: generator)
    }

    /// A fresh run of an existing model (any architecture; its weights and noise as they
    /// are) on `data`, which must have the model's image shape.
    public convenience init(configuration: TrainingConfiguration, model: IGNModel, data: ImageDataset) throws {
        guard data.geometry == model.imageGeometry else {
            throw DatasetError.wrongShape(path: data.source, expected: model.imageGeometry, got: data.geometry.description)
        }
        let (training, heldOut) = Trainer.split(data, configuration)
        try self.init(configuration: configuration, model: model, training: training, heldOut: heldOut,
                      generator: RandomGenerator(seed: configuration.seed))
    }

    /// The configuration's held-out split (at most half the data).
    static func split(_ data: ImageDataset, _ configuration: TrainingConfiguration) -> (ImageDataset, ImageDataset) {
        data.split(heldOut: min(max(configuration.heldOut, 0), data.count / 2), seed: configuration.seed)
    }

    init(configuration: TrainingConfiguration, model: IGNModel, training: ImageDataset,
         heldOut: ImageDataset, generator: RandomGenerator) throws {
        try configuration.validate()
        guard configuration.grayPairFraction == 0 || model.imageGeometry.channels == 3 else {
            throw TrainingError.invalidConfiguration("gray pairs need a colour model (this one has \(model.imageGeometry.channels) channel)")
        }
        guard training.count >= configuration.batchSize else {
            throw TrainingError.invalidConfiguration("\(training.count) training images is fewer than one batch of \(configuration.batchSize)")
        }
        self.configuration = configuration
        // A run started from a trained model (or resumed from such a run's checkpoint) records
        // the layout and source noise the model really has, whatever the options said.
        if configuration.architecture.network(width: configuration.width) != model.network.spec,
           let (architecture, width) = Architecture.identify(model.network.spec) {
            self.configuration.architecture = architecture
            self.configuration.width = width
        }
        if let noise = NoiseKind(rawValue: model.noise.kind) { self.configuration.noise = noise }
        self.model = model
        self.training = training
        self.heldOut = heldOut
        self.generator = generator
        optimizer = Adam(parameters: model.network.parameters.map(\.parameter),
                         learningRate: configuration.learningRate,
                         beta1: configuration.beta1, beta2: configuration.beta2)
        trainingStep = TrainingStep(network: model.network, optimizer: optimizer,
                                    objective: configuration.objective)
        for (index, dropout) in dropoutLayers.enumerated() {
            dropout.generator = RandomGenerator(seed: configuration.seed ^ (0xD50_0000 &+ UInt64(index)))
        }
    }

    /// The network's dropout layers, whose mask generators are part of the run's state.
    var dropoutLayers: [Dropout2d] { model.network.leaves.compactMap { $0 as? Dropout2d } }

    /// Full batches per pass over the training images.
    public var stepsPerEpoch: Int { training.count / configuration.batchSize }
    /// The current epoch (0-based).
    public var epoch: Int { step / stepsPerEpoch }
    /// Whether every configured step has run.
    public var isFinished: Bool { step >= configuration.steps }

    /// Runs one step and returns its losses.
    @discardableResult
    public func runStep() -> StepLosses {
        runStep(unless: { false })!
    }

    /// Runs one step unless `isInterrupted` answers true first (it is asked between the
    /// layers of every pass and before the update, see ``TrainingStep/run(x:z:unless:)``);
    /// returns nil when the step was abandoned, with the trainer as the last completed step
    /// left it: the same parameters, optimizer state, step count and random generators, so a
    /// checkpoint written then resumes exactly.
    public func runStep(unless isInterrupted: () -> Bool) -> StepLosses? {
        let start = Date()
        let savedGenerator = generator
        let batch = configuration.batchSize
        let epoch = step / stepsPerEpoch, position = step % stepsPerEpoch
        if epochOrder?.epoch != epoch {
            var order = Array(0..<training.count)
            var shuffler = RandomGenerator(seed: configuration.seed &+ 0x9E37_79B9 &* UInt64(epoch + 1))
            order.shuffle(using: &shuffler)
            epochOrder = (epoch, order)
        }
        let indices = Array(epochOrder!.order[position * batch..<(position + 1) * batch])
        let flips = configuration.flip ? indices.map { _ in generator.next() & 1 == 1 } : nil
        training.fill(batchX, indices: indices, flip: flips)
        batchZ.resize(like: batchX)
        model.noise.sample(into: batchZ, generator: &generator)
        let grayCount = configuration.grayPairsPerBatch
        if grayCount > 0 { batchInput.copyWithGrayImages(of: batchX, first: grayCount) }
        guard let losses = trainingStep.run(x: batchX, z: batchZ, input: grayCount > 0 ? batchInput : nil,
                                            unless: isInterrupted) else {
            generator = savedGenerator
            return nil
        }
        step += 1
        elapsed += Date().timeIntervalSince(start)
        return losses
    }

}

extension Trainer {
    /// Lengthens (or shortens) the run to `steps` in total; nothing else changes, so a
    /// resumed run may go on past its first target.
    public func extend(to steps: Int) {
        configuration.steps = steps
    }
}

extension FeatureMaps {
    /// Becomes a copy of the RGB batch `source` in which the first `count` images are gray:
    /// their Rec. 601 luma (`rec601Luma`, the tool's gray) in all three channels.
    public func copyWithGrayImages(of source: FeatureMaps, first count: Int) {
        precondition(source.channels == 3 && count <= source.batch)
        resize(like: source)
        pointer.update(from: source.pointer, count: source.count)
        let plane = source.height * source.width, batch = source.batch
        for n in 0..<count {
            let r = pointer + n * plane, g = pointer + (batch + n) * plane, b = pointer + (2 * batch + n) * plane
            for i in 0..<plane {
                let luma = rec601Luma(red: r[i], green: g[i], blue: b[i])
                r[i] = luma; g[i] = luma; b[i] = luma
            }
        }
    }
}
