/// A trainable tensor with its accumulated gradient.
public final class Parameter: @unchecked Sendable {
    /// The dimensions, as in the PyTorch module that owns the same tensor.
    public let shape: [Int]
    /// The current values, row-major. A parameter made with the value 0 allocates its
    /// storage on first use, so that a network built only to receive loaded weights (every
    /// `ign project`) does not allocate and clear an array per parameter that loading then
    /// replaces.
    public var value: [Float] {
        get { materializeValue(); return storedValue }
        set { storedValue = newValue }
        _modify {
            materializeValue()
            yield &storedValue
        }
    }
    private var storedValue: [Float]
    /// The gradient accumulated by backward passes since the last `zeroGradient()`: zeros
    /// until a backward pass writes to it. Its storage is allocated on that first write, so
    /// that a model loaded only to run (every `ign project`) does not allocate and clear a
    /// second copy of its weights.
    public var gradient: [Float] {
        get { storedGradient.count == elementCount ? storedGradient : [Float](repeating: 0, count: elementCount) }
        set { storedGradient = newValue }
        _modify {
            if storedGradient.count != elementCount { storedGradient = [Float](repeating: 0, count: elementCount) }
            yield &storedGradient
        }
    }
    private var storedGradient: [Float] = []
    /// The element count of `shape` (not `value.count`, so that the gradient can be reached
    /// while `value` is being modified, as Adam does).
    private let elementCount: Int
    /// When false, backward passes leave `gradient` untouched and optimizers skip it.
    public var requiresGradient = true

    public init(shape: [Int], value: Float = 0) {
        let count = shape.reduce(1, *)
        self.shape = shape
        self.elementCount = count
        self.storedValue = value == 0 ? [] : [Float](repeating: value, count: count)
    }

    /// Number of elements.
    public var count: Int { elementCount }

    /// Gives a zero-valued parameter its storage of zeros, if it has none yet.
    @inline(__always)
    private func materializeValue() {
        if storedValue.isEmpty && elementCount > 0 { storedValue = [Float](repeating: 0, count: elementCount) }
    }

    /// Clears the accumulated gradient.
    public func zeroGradient() {
        guard storedGradient.count == elementCount else { return }      // never written: zeros
        storedGradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
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
