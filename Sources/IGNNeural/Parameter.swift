/// A trainable tensor with its accumulated gradient.
public final class Parameter: @unchecked Sendable {
    /// The dimensions, as in the PyTorch module that owns the same tensor.
    public let shape: [Int]
    /// The current values, row-major.
    public var value: [Float]
    /// The gradient accumulated by backward passes since the last `zeroGradient()`.
    public var gradient: [Float]
    /// When false, backward passes leave `gradient` untouched and optimizers skip it.
    public var requiresGradient = true

    public init(shape: [Int], value: Float = 0) {
        self.shape = shape
        let count = shape.reduce(1, *)
        self.value = [Float](repeating: value, count: count)
        self.gradient = [Float](repeating: 0, count: count)
    }

    /// Number of elements.
    public var count: Int { value.count }

    /// Clears the accumulated gradient.
    public func zeroGradient() {
        gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}

/// A state tensor that is saved with the weights but not trained (batch norm's running statistics).
public final class StateBuffer: @unchecked Sendable {
    public let shape: [Int]
    public var value: [Float]

    public init(shape: [Int], value: Float = 0) {
        self.shape = shape
        self.value = [Float](repeating: value, count: shape.reduce(1, *))
    }
}
