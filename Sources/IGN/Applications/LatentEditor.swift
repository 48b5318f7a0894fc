import IGNImage
import IGNNeural

/// Editing images in a model's latent spaces (see `Latent`): encoding images, decoding
/// latents, interpolating between two and mixing several with weights.
public struct LatentEditor: @unchecked Sendable {
    public let model: IGNModel
    public let space: Latent.Space
    /// Fitting of images to the model.
    public let projector: Projector
    /// f with the generation statistics, for latents drawn from source noise.
    private let fromNoise: Sequential
    private let identity: String

    public init(model: IGNModel, space: Latent.Space, fit: FitMode = .pad, background: RGBColor = .white) throws {
        self.model = model
        self.space = space
        projector = try Projector(model: model, use: .project, fit: fit, background: background)
        fromNoise = try model.inferenceNetwork(for: .generate)
        identity = model.identity
    }

    /// The network for latents from `source`.
    private func network(for source: Latent.Source) -> Sequential {
        source == .noise ? fromNoise : projector.network
    }

    private func run(_ layer: Layer, _ values: [Float], from geometry: Geometry) -> [Float] {
        let input = FeatureMaps(), output = FeatureMaps()
        input.resize(geometry, batch: 1)
        values.withUnsafeBufferPointer { input.pointer.update(from: $0.baseAddress!, count: values.count) }
        layer.forward(input, into: output, cache: LayerCache(), mode: .inference)
        return ImageFitting.planar(output, index: 0)
    }

    /// The latent of an image: the fitted image itself (noise space) or the encoder's code.
    public func encode(_ image: Image) throws -> Latent {
        let input = try projector.modelInput(image)
        switch space {
        case .noise:
            return Latent(space: space, source: .image, geometry: model.imageGeometry, values: input, model: identity)
        case .bottleneck:
            let code = run(projector.network.layers[0], input, from: model.imageGeometry)
            return Latent(space: space, source: .image, geometry: model.latentGeometry, values: code, model: identity)
        }
    }

    /// A latent drawn from the model's source noise (noise space: z itself; bottleneck: the
    /// code of z, with the generation statistics).
    public func sample(seed: UInt64) -> Latent {
        var generator = RandomGenerator(seed: seed)
        let z = ImageFitting.planar(model.sampleNoise(count: 1, generator: &generator), index: 0)
        switch space {
        case .noise:
            return Latent(space: space, source: .noise, geometry: model.imageGeometry, values: z, model: identity)
        case .bottleneck:
            let code = run(fromNoise.layers[0], z, from: model.imageGeometry)
            return Latent(space: space, source: .noise, geometry: model.latentGeometry, values: code, model: identity)
        }
    }

    /// Refuses a latent of another model, space or shape.
    public func check(_ latent: Latent) throws {
        guard latent.model == identity else { throw Latent.LatentError.otherModel }
        guard latent.space == space else { throw Latent.LatentError.otherSpace(expected: space, found: latent.space) }
        let expected = space == .noise ? model.imageGeometry : model.latentGeometry
        guard latent.geometry == expected else {
            throw Latent.LatentError.shape("\(latent.geometry), the model's is \(expected)")
        }
    }

    /// The image of a latent: f(z) in the noise space, the decoder's output in the bottleneck.
    public func decode(_ latent: Latent) throws -> Image {
        try check(latent)
        let net = network(for: latent.source)
        let values: [Float]
        switch space {
        case .noise: values = run(net, latent.values, from: model.imageGeometry)
        case .bottleneck: values = run(net.layers[1], latent.values, from: model.latentGeometry)
        }
        return try ImageFitting.image(fromPlanar: values, geometry: model.imageGeometry)
    }

    /// Σ weightᵢ·latentᵢ. The result's source is `noise` only when every term's is.
    public func mix(_ terms: [(weight: Float, latent: Latent)]) throws -> Latent {
        guard let first = terms.first else { throw Latent.LatentError.invalid("nothing to mix") }
        for term in terms { try check(term.latent) }
        var values = [Float](repeating: 0, count: first.latent.values.count)
        for term in terms {
            for i in values.indices { values[i] += term.weight * term.latent.values[i] }
        }
        let source: Latent.Source = terms.allSatisfy { $0.latent.source == .noise } ? .noise : .image
        return Latent(space: space, source: source, geometry: first.latent.geometry, values: values, model: identity)
    }

    /// `frames` latents from `a` to `b` (both included), evenly spaced on the straight line.
    public func interpolate(_ a: Latent, _ b: Latent, frames: Int) throws -> [Latent] {
        guard frames >= 2 else { throw Latent.LatentError.invalid("interpolation needs at least 2 frames") }
        return try (0..<frames).map { index in
            let t = Float(index) / Float(frames - 1)
            if index == 0 { return a }
            if index == frames - 1 { return b }
            var mixed = try mix([(1 - t, a), (t, b)])
            if a.source != b.source { mixed.source = t < 0.5 ? a.source : b.source }
            return mixed
        }
    }
}
