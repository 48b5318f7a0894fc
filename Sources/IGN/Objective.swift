import IGNNeural

/// The IGN training objective's settings (Shocher et al., "Idempotent Generative
/// Network", arXiv 2311.01462: its three losses and the training routine of Algorithm 1).
///
/// loss = mean over the batch of λ_rec·rec + λ_idem·idem + λ_tight·tight, where per image
///
///     rec   = D(f(x), x)
///     idem  = D(f_copy(f(z)), f(z))            gradient reaches f only through f(z)
///     tight = −D(f(f(z)↓), f(z)↓)               ↓ = detached: only the outer f learns
///     tight ← tanh(tight / s) · s,  s = a · rec (this image's paired rec, detached)
///
/// The clamp scale `s` uses the reconstruction loss of the data image paired with the noise
/// sample, detached: tightness may push f(f(z)) away from f(z) by at most about `a` times
/// how well f currently reconstructs real data, so it never outweighs the reconstruction it
/// would damage, and it carries no gradient into rec.
public struct Objective: Codable, Equatable, Sendable {
    public var distance: Distance = .l1
    public var reconstructionWeight: Float = 20
    public var idempotenceWeight: Float = 20
    public var tightnessWeight: Float = 2.5
    /// `a` in the clamp scale `s = a · rec`; nil turns the clamp off.
    public var tightnessClamp: Float? = 1.5

    public init() {}

    /// The paper's settings: L1, λ = 20, 20, 2.5, clamp a = 1.5.
    public static let paper = Objective()

    /// The simpler circulating regime: MSE, λ = 1, 1, 0.1, no clamp.
    public static var simple: Objective {
        var objective = Objective()
        objective.distance = .mse
        objective.reconstructionWeight = 1
        objective.idempotenceWeight = 1
        objective.tightnessWeight = 0.1
        objective.tightnessClamp = nil
        return objective
    }
}

/// The batch means of the three loss terms of one step (tight after its clamp).
public struct StepLosses: Equatable, Sendable {
    public var total: Float
    public var reconstruction: Float
    public var idempotence: Float
    public var tightness: Float
}
