import IGNNeural

/// What a training step's passes change before its update — the batch-norm running
/// statistics and the dropout layers' generators — saved before the step so that an
/// abandoned step can be undone (see ``TrainingStep/run(x:z:unless:)``). A few values per
/// channel: cheap to save every step.
struct PassState {
    private let buffers: [(buffer: StateBuffer, value: [Float])]
    private let dropouts: [(layer: Dropout2d, generator: RandomGenerator)]

    init(of network: Layer) {
        buffers = network.stateBuffers.map { ($0.buffer, $0.buffer.value) }
        let leaves = (network as? Sequential)?.leaves ?? [network]
        dropouts = leaves.compactMap { $0 as? Dropout2d }.map { ($0, $0.generator) }
    }

    /// Puts the saved values back.
    func restore() {
        for (buffer, value) in buffers { buffer.value = value }
        for (layer, generator) in dropouts { layer.generator = generator }
    }
}
