/// A dense, row-major array of `Float` with a shape: weights, inputs and outputs at the API edge.
///
/// Images travel as `[batch, channels, height, width]` (NCHW), as in PyTorch.
/// Inside a network, activations live in `FeatureMaps` (channel-major) instead.
public struct Tensor: Equatable, Sendable {
    /// The size of each dimension, outermost first.
    public var shape: [Int]
    /// The elements, row-major; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Float]

    /// A tensor of the given shape filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// A tensor wrapping `scalars`, which must hold exactly `shape.reduce(1, *)` elements.
    public init(shape: [Int], scalars: [Float]) {
        precondition(scalars.count == shape.reduce(1, *),
                     "\(scalars.count) scalars do not fill shape \(shape)")
        self.shape = shape
        self.scalars = scalars
    }

    /// The number of elements.
    public var count: Int { scalars.count }
}
