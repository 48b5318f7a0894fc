import IGNCompute

/// How a forward pass treats batch norm and dropout.
public struct ForwardMode: Equatable, Sendable {
    /// Which statistics batch norm normalises with.
    public enum Normalization: Equatable, Sendable {
        /// The batch's own mean and variance; optionally folded into the running averages.
        case batchStatistics(updateRunningAverages: Bool)
        /// The stored running mean and variance (per-image deterministic).
        case runningStatistics
    }

    public var normalization: Normalization
    /// Whether dropout layers drop.
    public var dropout: Bool

    public init(normalization: Normalization, dropout: Bool) {
        self.normalization = normalization
        self.dropout = dropout
    }

    /// Training: batch statistics, running averages updated, dropout on.
    public static let training = ForwardMode(
        normalization: .batchStatistics(updateRunningAverages: true), dropout: true)
    /// A training-mode pass that leaves every stored state alone, as a frozen copy of the
    /// network would: batch statistics, no running-average update, dropout on.
    public static let frozenTraining = ForwardMode(
        normalization: .batchStatistics(updateRunningAverages: false), dropout: true)
    /// Inference with running statistics: each image's output depends on that image alone.
    public static let inference = ForwardMode(normalization: .runningStatistics, dropout: false)
    /// Inference that normalises with the batch's statistics (how IGN references sample).
    public static let inferenceWithBatchStatistics = ForwardMode(
        normalization: .batchStatistics(updateRunningAverages: false), dropout: false)
}

/// Scratch memory a layer keeps between its forward and backward pass over one batch.
///
/// A network keeps one cache tree per pass it may differentiate (IGN's step keeps four) and
/// reuses them across steps, so nothing is allocated in the hot loop.
public final class LayerCache: ScratchSpace, @unchecked Sendable {
    /// Float scratch buffers, by slot.
    public var buffers: [FloatBuffer] = []
    /// Intermediate feature maps (a container's per-layer outputs), by slot.
    public var maps: [FeatureMaps] = []
    /// Caches of nested layers.
    public var children: [LayerCache] = []
    /// Per-channel statistics or masks a layer saves for its backward pass.
    public var values: [Float] = []

    public init() {}

    /// The scratch buffer in `slot`, grown to hold `count` values.
    public func buffer(_ slot: Int, count: Int) -> UnsafeMutablePointer<Float> {
        while buffers.count <= slot { buffers.append(FloatBuffer()) }
        return buffers[slot].reserve(count)
    }

    /// The feature maps in `slot`.
    public func maps(_ slot: Int) -> FeatureMaps {
        while maps.count <= slot { maps.append(FeatureMaps()) }
        return maps[slot]
    }

    /// The cache of the nested layer in `slot`.
    public func child(_ slot: Int) -> LayerCache {
        while children.count <= slot { children.append(LayerCache()) }
        return children[slot]
    }
}

/// One differentiable stage of a network, working on channel-major `FeatureMaps`.
///
/// `forward` writes `output` (resizing it) and may save what `backward` needs in `cache`.
/// `backward` is called with the same `input`, `output` and `cache`, unchanged since the
/// forward pass; it writes `gradInput` when one is given, and adds parameter gradients
/// into each `Parameter.gradient` when `parameterGradients` is true. A backward pass never
/// changes what the forward pass saved, so one forward pass may be backpropagated several
/// times (with different output gradients).
public protocol Layer: AnyObject {
    /// The output geometry for an input geometry; throws when the input does not fit.
    func outputGeometry(for input: Geometry) throws -> Geometry

    func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache, mode: ForwardMode)

    func backward(input: FeatureMaps, output: FeatureMaps, gradOutput: FeatureMaps,
                  gradInput: FeatureMaps?, cache: LayerCache, parameterGradients: Bool)

    /// Trainable tensors, named as in the equivalent PyTorch module's `state_dict`.
    var parameters: [(name: String, parameter: Parameter)] { get }
    /// Non-trainable saved tensors, named as in PyTorch's `state_dict`.
    var stateBuffers: [(name: String, buffer: StateBuffer)] { get }
    /// The serialisable description that rebuilds this layer.
    var spec: LayerSpec { get }
}

extension Layer {
    public var parameters: [(name: String, parameter: Parameter)] { [] }
    public var stateBuffers: [(name: String, buffer: StateBuffer)] { [] }
}

/// Errors raised while building or running a network.
public enum NetworkError: Error, Equatable, CustomStringConvertible {
    /// The input does not fit the layer (wrong channel count, or smaller than a kernel).
    case shapeMismatch(layer: String, expected: String, got: String)
    /// A description names something this engine cannot build.
    case unsupported(String)

    public var description: String {
        switch self {
        case let .shapeMismatch(layer, expected, got):
            return "\(layer) expects input \(expected), got \(got)"
        case let .unsupported(what):
            return "unsupported network description: \(what)"
        }
    }
}
