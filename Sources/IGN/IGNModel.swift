import FoundationEssentials
import IGNNeural

/// An Idempotent Generative Network: one network f that maps images to images, trained so
/// that real images are fixed points and anything else lands on them in one step.
///
/// f is an autoencoder: `network` is `Sequential([encoder, decoder])`, so the bottleneck
/// between them is a second, more semantic latent. Besides its weights, a model carries the
/// source noise it was trained with and named sets of batch-norm statistics: every use of
/// the model normalises with fixed statistics chosen for that use, so an image's result
/// never depends on other images in its batch.
///
/// Inference goes through `inferenceNetwork(for:)`: a folded copy of f per statistics set,
/// which only reads, so one model serves several threads; training changes `network`.
public final class IGNModel: @unchecked Sendable {
    /// f.
    public let network: Sequential
    /// The shape of the images f takes and returns.
    public let imageGeometry: Geometry
    /// The distribution of z for generation.
    public var noise: SourceNoise
    /// Named batch-norm statistics sets ("images", "noise", …).
    public var statisticsSets: [String: NormalizationStatistics] { didSet { inferenceCache.removeAll() } }
    /// Which set each use normalises with.
    public var statisticsChoice: [Use: String]
    /// Folded inference networks, one per statistics set asked for.
    let inferenceCache = InferenceNetworkCache()
    /// Free-form description (training command, data, steps, wall time, figures).
    public var metadata: [String: String]

    /// What f is applied to, each with its own normalisation statistics: the batch-norm
    /// statistics that suit an input depend on what the input is.
    public enum Use: String, CaseIterable, Sendable {
        /// Images (projection; also the second and later applications when generating,
        /// whose inputs are f's own images).
        case project
        /// Source noise z (the first application when generating).
        case generate
        /// Noisy images (denoising); falls back to `project` when the model has no choice.
        case denoise
    }

    /// A fresh, DCGAN-initialised model of a reference layout.
    public convenience init(architecture: Architecture, width: Double = 1,
                            noise: SourceNoise = .gaussian, generator: inout RandomGenerator) throws {
        let network = architecture.network(width: width).makeLayer() as! Sequential
        Initialization.dcgan(network, generator: &generator)
        try self.init(network: network, noise: noise)
    }

    /// A model over an existing network, whose image geometry is inferred (see `inferImageGeometry`).
    public init(network: Sequential, imageGeometry: Geometry? = nil, noise: SourceNoise = .gaussian,
                metadata: [String: String] = [:]) throws {
        guard network.layers.count == 2, network.layers.allSatisfy({ $0 is Sequential }) else {
            throw IGNModelError.notAProjector("expected Sequential(encoder, decoder)")
        }
        self.network = network
        self.imageGeometry = try imageGeometry ?? IGNModel.inferImageGeometry(network)
        _ = try IGNModel.checkProjector(network, self.imageGeometry)
        self.noise = noise
        self.statisticsSets = [:]
        self.statisticsChoice = [:]
        self.metadata = metadata
    }

    /// The encoder (image → bottleneck).
    public var encoder: Sequential { network.layers[0] as! Sequential }
    /// The decoder (bottleneck → image).
    public var decoder: Sequential { network.layers[1] as! Sequential }
    /// The bottleneck's geometry.
    public var latentGeometry: Geometry { try! encoder.outputGeometry(for: imageGeometry) }
    /// Number of trainable values.
    public var parameterCount: Int { network.parameters.reduce(0) { $0 + $1.parameter.count } }

    /// The statistics set chosen for `use` (`denoise` falls back to `project`), or nil for
    /// the network's own running statistics.
    public func statisticsSetName(for use: Use) -> String? {
        statisticsChoice[use] ?? (use == .denoise ? statisticsChoice[.project] : nil)
    }

    /// The smallest square size s ≤ 512 such that f maps C×s×s to C×s×s, C being the
    /// first convolution's input channels.
    static func inferImageGeometry(_ network: Sequential) throws -> Geometry {
        guard let channels = network.leaves.compactMap({ ($0 as? Conv2d)?.inputChannels }).first else {
            throw IGNModelError.notAProjector("the encoder has no convolution")
        }
        for size in 1...512 {
            let geometry = Geometry(channels: channels, height: size, width: size)
            if (try? checkProjector(network, geometry)) != nil { return geometry }
        }
        throw IGNModelError.notAProjector("no square image size up to 512 maps onto itself")
    }

    @discardableResult
    static func checkProjector(_ network: Sequential, _ geometry: Geometry) throws -> Geometry {
        let output = try network.outputGeometry(for: geometry)
        guard output == geometry else {
            throw IGNModelError.notAProjector("maps \(geometry) to \(output)")
        }
        return output
    }
}
