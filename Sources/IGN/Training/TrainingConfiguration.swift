import IGNNeural

/// Everything that decides a training run's result, saved in its checkpoints and its model.
public struct TrainingConfiguration: Codable, Equatable, Sendable {
    public var architecture: Architecture = .mnist28
    /// Channel-width multiplier of the architecture (1 = the reference sizes).
    public var width: Double = 1
    public var batchSize = 256
    /// Total number of optimizer steps of the run.
    public var steps = 10_000
    public var learningRate: Float = 1e-4
    public var beta1: Float = 0.5
    public var beta2: Float = 0.999
    public var objective: Objective = .paper
    /// The kind of source noise.
    public var noise: NoiseKind = .gaussian
    /// Mirror each training image left–right with probability ½.
    public var flip = false
    /// Images set aside (never trained on) to measure held-out reconstruction.
    public var heldOut = 1000
    public var seed: UInt64 = 1
    /// The fraction of each batch whose reconstruction input is shown in gray (Rec. 601 luma
    /// in every channel) with the colour image kept as its target, so that f learns
    /// f(gray x) = x — what `colorize` asks of it. 0 (absent) is the paper's objective; with
    /// gray pairs the reconstruction term of those rows is D(f(gray x), x), and so is what the
    /// paper's tightness clamp scales that row's z by (a larger value: a looser clamp), and
    /// the logged reconstruction loss averages both kinds of rows. Stored as an optional so
    /// that configurations written before it existed read (and write) unchanged.
    public var grayPairs: Double?

    public init() {}

    /// `grayPairs`, 0 when absent.
    public var grayPairFraction: Double { grayPairs ?? 0 }

    /// How many images of a batch get gray reconstruction inputs.
    public var grayPairsPerBatch: Int { Int((grayPairFraction * Double(batchSize)).rounded()) }

    /// Checks the values a hand-edited or hostile checkpoint could get wrong.
    public func validate() throws {
        guard batchSize >= 2 else { throw TrainingError.invalidConfiguration("batch size must be at least 2 (batch norm)") }
        guard steps >= 0, heldOut >= 0 else { throw TrainingError.invalidConfiguration("steps and held-out count must not be negative") }
        guard width > 0, width <= 16, learningRate > 0, learningRate.isFinite,
              (0..<1).contains(beta1), (0..<1).contains(beta2) else {
            throw TrainingError.invalidConfiguration("width, learning rate or Adam betas out of range")
        }
        guard (0...1).contains(grayPairFraction) else {
            throw TrainingError.invalidConfiguration("the gray-pair fraction must be between 0 and 1")
        }
        guard grayPairFraction == 0 || grayPairsPerBatch > 0 else {
            throw TrainingError.invalidConfiguration("a gray-pair fraction of \(grayPairFraction) gives no gray image in a batch of \(batchSize)")
        }
    }
}

/// The kinds of source noise a run can train with (see `SourceNoise`).
public enum NoiseKind: String, Codable, CaseIterable, Sendable {
    case gaussian
    case frequency
}
