import IGNCompute
import Synchronization

/// The Winograd-transformed weights `U` of a layer: recomputed by every forward pass into
/// its cache (where the backward pass finds them) while the weights train; once `fix` is
/// called (inference copies), computed on first use for each algorithm and kept.
final class WinogradWeights: Sendable {
    /// Kept transforms by algorithm (output size), or nil while the weights may change.
    private let kept = Mutex<[Int: FloatBuffer]?>(nil)

    /// From now on, keeps `U` (the weights will not change any more).
    func fix() { kept.withLock { $0 = $0 ?? [:] } }

    /// Whether `U` is kept (see `fix`).
    var isFixed: Bool { kept.withLock { $0 != nil } }

    /// `U` for a forward pass: the kept one, or freshly computed into `cache` slot `slot`.
    func forForward(_ weight: Parameter, plan: WinogradCorrelation, cache: LayerCache, slot: Int) -> UnsafePointer<Float> {
        let shape = plan.weights
        if let buffer = kept.withLock({ table -> FloatBuffer? in
            guard table != nil else { return nil }
            if let buffer = table![shape.tileOutputSize] { return buffer }
            let buffer = FloatBuffer(capacity: shape.count)
            weight.value.withUnsafeBufferPointer { w in shape.transformWeights(w.baseAddress!, into: buffer.pointer) }
            table![shape.tileOutputSize] = buffer
            return buffer
        }) {
            return UnsafePointer(buffer.pointer)
        }
        let u = cache.buffer(slot, count: plan.weightCount)
        weight.value.withUnsafeBufferPointer { w in shape.transformWeights(w.baseAddress!, into: u) }
        return UnsafePointer(u)
    }

    /// `U` as the forward pass left it.
    func forBackward(plan: WinogradCorrelation, cache: LayerCache, slot: Int) -> UnsafePointer<Float> {
        if let buffer = kept.withLock({ $0?[plan.weights.tileOutputSize] }) {
            return UnsafePointer(buffer.pointer)
        }
        return UnsafePointer(cache.buffer(slot, count: plan.weightCount))
    }
}
