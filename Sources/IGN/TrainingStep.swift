import IGNNeural

/// One IGN training step: four forward passes, their backward passes, one Adam update.
///
/// The frozen copy f_copy is refreshed every step with f's weights and batch-norm buffers
/// before any pass, so at the time of the passes it equals f exactly. It runs in training
/// mode (batch statistics), so its buffers never affect its output. The step therefore
/// runs f_copy as a pass of f itself that updates no running statistics
/// (`ForwardMode.frozenTraining`) and whose backward pass computes input gradients only:
/// the same numbers as a separate copy, without copying 5 M weights per step.
///
/// Without dropout, f_copy(f(z)) and f(f(z)↓) are the same computation (same weights, same
/// input, same batch statistics), so the step runs that forward pass once and backpropagates
/// it twice: once into the weights (tightness), once into its input only (idempotence).
///
/// The reconstruction term is finished first — f(x) forward, then backward into the weights —
/// and f(f(z)↓)'s pass then reuses f(x)'s cache, so two passes' saved activations and scratch
/// are held at once instead of three. Gradients are added into the weights in the same order
/// as with all forward passes first (rec, tight, then through f(z)), so the numbers are the same.
///
/// All buffers live in this object and are reused from step to step.
public final class TrainingStep {
    public let network: Layer
    public let optimizer: Adam
    public let objective: Objective

    private let fx = FeatureMaps(), fz = FeatureMaps(), ffz = FeatureMaps(), fcopy = FeatureMaps()
    /// f(x)'s cache, which f(f(z)↓)'s pass reuses once the reconstruction term is done.
    private let cacheX = LayerCache()
    private let cacheZ = LayerCache(), cacheCopy = LayerCache()
    private var cacheFZ: LayerCache { cacheX }
    private let gradFX = FeatureMaps(), gradFZ = FeatureMaps(), gradFFZ = FeatureMaps(),
                gradCopy = FeatureMaps(), gradThroughCopy = FeatureMaps()

    public init(network: Layer, optimizer: Adam, objective: Objective) {
        self.network = network
        self.optimizer = optimizer
        self.objective = objective
        let leaves = (network as? Sequential)?.leaves ?? [network]
        sharesCopyPass = !leaves.contains { $0 is Dropout2d }
    }

    /// Whether f_copy's forward pass is f(f(z)↓)'s (true when the network has no dropout).
    public let sharesCopyPass: Bool

    /// Runs one step on a data batch `x` and a noise batch `z` of the same shape and
    /// returns the losses measured before the update.
    @discardableResult
    public func run(x: FeatureMaps, z: FeatureMaps, input: FeatureMaps? = nil) -> StepLosses {
        run(x: x, z: z, input: input, unless: { false })!
    }

    /// Runs one step unless `isInterrupted` answers true first — it is asked before every
    /// layer of every pass and before the update — and returns its losses, or nil when the
    /// step was abandoned: then the parameters and the optimizer are untouched and the
    /// running statistics and dropout generators the passes moved are put back, so the
    /// network is as the last completed step left it (a checkpoint written now is that
    /// step's). Gradients are left partial; the next step zeroes them.
    ///
    /// `input`, when given, is what the reconstruction term feeds f instead of `x` (same shape;
    /// `x` stays its target): D(f(input), x). The paper's step is `input` = `x`.
    public func run(x: FeatureMaps, z: FeatureMaps, input: FeatureMaps? = nil,
                    unless isInterrupted: () -> Bool) -> StepLosses? {
        let saved = PassState(of: network)
        guard let losses = computeGradients(x: x, z: z, input: input, unless: isInterrupted), !isInterrupted() else {
            saved.restore()
            return nil
        }
        optimizer.update()
        return losses
    }

    /// The forward and backward passes without the update: leaves the gradients of the
    /// loss in every parameter's `gradient` (zeroed first).
    public func computeGradients(x: FeatureMaps, z: FeatureMaps, input: FeatureMaps? = nil) -> StepLosses {
        computeGradients(x: x, z: z, input: input, unless: { false })!
    }

    /// `computeGradients`, abandoned (nil) when `isInterrupted` answers true before a layer.
    func computeGradients(x: FeatureMaps, z: FeatureMaps, input: FeatureMaps? = nil,
                          unless isInterrupted: () -> Bool) -> StepLosses? {
        precondition(x.count == z.count && x.batch == z.batch, "x and z must have the same shape")
        precondition(input.map { $0.count == x.count && $0.batch == x.batch } ?? true, "input and x must have the same shape")
        let recInput = input ?? x
        optimizer.zeroGradients()
        let o = objective
        let batch = x.batch
        func forward(_ input: FeatureMaps, _ output: FeatureMaps, _ cache: LayerCache, _ mode: ForwardMode) -> Bool {
            network.forward(input, into: output, cache: cache, mode: mode, unless: isInterrupted)
        }
        func backward(_ input: FeatureMaps, _ output: FeatureMaps, _ gradOutput: FeatureMaps, _ gradInput: FeatureMaps?,
                      _ cache: LayerCache, parameters: Bool) -> Bool {
            network.backward(input: input, output: output, gradOutput: gradOutput, gradInput: gradInput, cache: cache,
                             parameterGradients: parameters, unless: isInterrupted)
        }

        let perImage = 1 / Float(batch)
        // rec: through f(x) (or f(input)) into the weights, before any other pass (its cache is reused below).
        guard forward(recInput, fx, cacheX, .training) else { return nil }
        let rec = o.distance.perImage(fx, x)
        gradFX.resize(like: fx); gradFX.zero()
        o.distance.accumulateGradient(fx, x, weights: [Float](repeating: o.reconstructionWeight * perImage, count: batch),
                                      intoA: gradFX, intoB: nil)
        guard backward(recInput, fx, gradFX, nil, cacheX, parameters: true) else { return nil }

        guard forward(z, fz, cacheZ, .training), forward(fz, ffz, cacheFZ, .training) else { return nil }  // input f(z)↓
        if !sharesCopyPass {
            guard forward(fz, self.fcopy, self.cacheCopy, .frozenTraining) else { return nil }
        }
        let fcopy = sharesCopyPass ? ffz : self.fcopy
        let cacheCopy = sharesCopyPass ? cacheFZ : self.cacheCopy

        let idem = o.distance.perImage(fcopy, fz)
        let rawTight = o.distance.perImage(ffz, fz).map { -$0 }
        var tight = rawTight
        var tightSlope = [Float](repeating: 1, count: batch)   // ∂tight/∂rawTight
        if let a = o.tightnessClamp {
            for n in 0..<batch {
                let scale = a * rec[n]
                if scale > 1e-12 {
                    let t = Float.tanh(rawTight[n] / scale)
                    tight[n] = t * scale
                    tightSlope[n] = 1 - t * t
                } else {
                    tight[n] = 0
                    tightSlope[n] = 0
                }
            }
        }

        // tight: through the outer application only; −D, scaled by the clamp's slope.
        gradFFZ.resize(like: ffz); gradFFZ.zero()
        o.distance.accumulateGradient(ffz, fz, weights: tightSlope.map { -o.tightnessWeight * perImage * $0 },
                                      intoA: gradFFZ, intoB: nil)
        guard backward(fz, ffz, gradFFZ, nil, cacheFZ, parameters: true) else { return nil }

        // idem: into f(z) both through the frozen copy's input and as the target.
        let idemWeights = [Float](repeating: o.idempotenceWeight * perImage, count: batch)
        gradCopy.resize(like: fcopy); gradCopy.zero()
        gradFZ.resize(like: fz); gradFZ.zero()
        o.distance.accumulateGradient(fcopy, fz, weights: idemWeights, intoA: gradCopy, intoB: gradFZ)
        guard backward(fz, fcopy, gradCopy, gradThroughCopy, cacheCopy, parameters: false) else { return nil }
        add(gradThroughCopy, into: gradFZ)
        guard backward(z, fz, gradFZ, nil, cacheZ, parameters: true) else { return nil }

        func mean(_ v: [Float]) -> Float { v.reduce(0, +) / Float(max(v.count, 1)) }
        let (r, i, t) = (mean(rec), mean(idem), mean(tight))
        return StepLosses(total: o.reconstructionWeight * r + o.idempotenceWeight * i + o.tightnessWeight * t,
                          reconstruction: r, idempotence: i, tightness: t)
    }

    private func add(_ source: FeatureMaps, into target: FeatureMaps) {
        let s = source.pointer, t = target.pointer
        for i in 0..<source.count { t[i] += s[i] }
    }
}
