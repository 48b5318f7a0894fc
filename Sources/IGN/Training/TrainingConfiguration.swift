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
    /// "gaussian" or "frequency" source noise.
    public var noise = "gaussian"
    /// Mirror each training image left–right with probability ½.
    public var flip = false
    /// Images set aside (never trained on) to measure held-out reconstruction.
    public var heldOut = 1000
    public var seed: UInt64 = 1

    public init() {}
}
