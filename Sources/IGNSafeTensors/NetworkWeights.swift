import IGNLayers

/// Loading and saving a layer tree's weights by PyTorch `state_dict` keys.
///
/// The saved tensors are every `Parameter` and every `StateBuffer` (batch norm's running
/// statistics), under the dotted names of `parameters` and `stateBuffers` ("0.weight",
/// "1.3.running_var"): the keys PyTorch gives the same network built as an `nn.Sequential`.
/// PyTorch's `num_batches_tracked` counters are accepted and ignored when loading, and not
/// written. Any other key of the source must be a weight of the network, unless the caller's
/// `ignoring` predicate claims it for the file's other contents (an application's own
/// tensors, left to their readers).
extension Layer {
    /// Every tensor the weights of this layer consist of, parameters first, as
    /// `(key, shape, values)`.
    public var weightTensors: [(name: String, tensor: Tensor)] {
        parameters.map { ($0.name, Tensor(shape: $0.parameter.shape, scalars: $0.parameter.value)) }
            + stateBuffers.map { ($0.name, Tensor(shape: $0.buffer.shape, scalars: $0.buffer.value)) }
    }

    /// Replaces every parameter and state buffer with the tensor of the same key in `file`;
    /// keys for which `ignoring` is true are passed over, any other key that is no weight
    /// is an error.
    ///
    /// All keys, shapes and dtypes are checked before anything changes: on error the
    /// network is left as it was.
    public func loadWeights(from file: SafeTensors, ignoring: (String) -> Bool = { _ in false }) throws {
        var values: [String: [Float]] = [:]
        let slots = weightSlots
        try checkKeys(needed: slots.map(\.name), available: file.names, ignoring: ignoring)
        for slot in slots {
            let entry = file.entry(slot.name)!
            guard entry.dtype.isReadable else {
                throw WeightsError.unsupportedDType(key: slot.name, dtype: entry.dtype.rawValue)
            }
            guard entry.shape == slot.shape else {
                throw WeightsError.shapeMismatch(key: slot.name, expected: slot.shape, got: entry.shape)
            }
            values[slot.name] = try file.tensor(slot.name).scalars
        }
        for slot in slots { slot.assign(values[slot.name]!) }
    }

    /// Replaces every parameter and state buffer with the tensor of the same key.
    /// Checks like `loadWeights(from:ignoring:)`; on error the network is left as it was.
    public func loadWeights(_ tensors: [String: Tensor], ignoring: (String) -> Bool = { _ in false }) throws {
        let slots = weightSlots
        try checkKeys(needed: slots.map(\.name), available: Array(tensors.keys), ignoring: ignoring)
        for slot in slots where tensors[slot.name]!.shape != slot.shape {
            throw WeightsError.shapeMismatch(key: slot.name, expected: slot.shape, got: tensors[slot.name]!.shape)
        }
        for slot in slots { slot.assign(tensors[slot.name]!.scalars) }
    }

    private var weightSlots: [WeightSlot] {
        parameters.map { name, p in WeightSlot(name: name, shape: p.shape) { p.value = $0 } }
            + stateBuffers.map { name, b in WeightSlot(name: name, shape: b.shape) { b.value = $0 } }
    }

    private func checkKeys(needed: [String], available: [String], ignoring: (String) -> Bool) throws {
        let neededSet = Set(needed), availableSet = Set(available)
        let missing = needed.filter { !availableSet.contains($0) }
        if !missing.isEmpty { throw WeightsError.missing(missing) }
        // PyTorch's batch-norm step counter, beside a running mean this network has.
        func isBatchCounter(_ key: String) -> Bool {
            guard key.hasSuffix("num_batches_tracked") else { return false }
            let prefix = key.dropLast("num_batches_tracked".count)
            return neededSet.contains(prefix + "running_mean")
        }
        let unexpected = available.filter {
            !neededSet.contains($0) && !isBatchCounter($0) && !ignoring($0)
        }.sorted()
        if !unexpected.isEmpty { throw WeightsError.unexpected(unexpected) }
    }
}

private struct WeightSlot {
    let name: String
    let shape: [Int]
    let assign: ([Float]) -> Void
}
