import IGNImage
import IGNNeural

/// Projecting images onto the model's image manifold: fⁿ(x) for a given image x.
///
/// The image is first fitted to the model (alpha flattened, converted to its channels,
/// padded, cropped or scaled to its size, see `FitMode`); the result has the model's size
/// unless asked to be restored to the image's own.
public struct Projector: @unchecked Sendable {
    public let model: IGNModel
    /// f with the statistics of the projector's use folded in; only read, so one projector
    /// serves several threads.
    public let network: Sequential
    /// How images are fitted to the model.
    public var fit: FitMode
    /// The colour alpha is flattened onto, and padding is filled with.
    public var background: RGBColor

    /// A projector normalising with the model's statistics for `use`, or with the named
    /// statistics set.
    public init(model: IGNModel, use: IGNModel.Use = .project, statisticsSet: String? = nil,
                fit: FitMode = .pad, background: RGBColor = .white) throws {
        self.model = model
        network = try statisticsSet.map { try model.inferenceNetwork(statisticsSet: $0) }
            ?? model.inferenceNetwork(for: use)
        self.fit = fit
        self.background = background
    }

    /// fⁿ of a batch of model-shaped inputs (planar `[C][H][W]` values in [−1, 1] each).
    public func project(planar inputs: [[Float]], times: Int) -> [[Float]] {
        trace(planar: inputs, times: times).last!
    }

    /// f¹ … fⁿ of a batch of model-shaped inputs: element k − 1 holds fᵏ of every input.
    public func trace(planar inputs: [[Float]], times: Int) -> [[[Float]]] {
        let geometry = model.imageGeometry
        precondition(inputs.allSatisfy { $0.count == geometry.count }, "input does not have the model's shape")
        precondition(times >= 1, "f is applied at least once")
        var current = FeatureMaps()
        ImageDataset(geometry: geometry, values: inputs.flatMap { $0 }, source: "")
            .fill(current, indices: Array(inputs.indices))
        var steps: [[[Float]]] = []
        for _ in 0..<times {
            current = model.apply(current, using: network)
            steps.append((0..<inputs.count).map { ImageFitting.planar(current, index: $0) })
        }
        return steps
    }

    /// Where `image` sits in the model's frame.
    public func placement(of image: Image) -> ImagePlacement {
        ImagePlacement(width: image.width, height: image.height, geometry: model.imageGeometry, mode: fit)
    }

    /// The image as the model takes it (planar values in [−1, 1]).
    public func modelInput(_ image: Image) throws -> [Float] {
        try placement(of: image).fit(image, background: background).normalizedPlanar()
    }

    /// fⁿ(image): the projection of one image, at the model's size, or restored to the
    /// image's own size with `keepSize`.
    public func project(_ image: Image, times: Int = 1, keepSize: Bool = false) throws -> Image {
        let output = project(planar: [try modelInput(image)], times: times)[0]
        let result = try ImageFitting.image(fromPlanar: output, geometry: model.imageGeometry)
        return keepSize ? try placement(of: image).restore(result, original: image, background: background) : result
    }

    /// What ``project(_:times:keepSize:)`` holds besides the input image (see
    /// ``WorkingSet``): with `keepSize`, the result restored to the input's size in the
    /// model's colour model (2 bytes per sample); at the model's size, nothing that grows
    /// with the image beyond a converted copy of it, within the allowance.
    public func workingSet(keepSize: Bool) -> WorkingSet {
        guard keepSize else { return .none }
        let channels = model.imageGeometry.channels
        return WorkingSet { _ in 2 * channels }
    }

    /// The fitted input followed by f¹(x) … fⁿ(x), each at the model's size: how projection
    /// converges.
    public func trace(_ image: Image, times: Int) throws -> [Image] {
        let input = try modelInput(image)
        let steps = trace(planar: [input], times: times).map { $0[0] }
        return try ([input] + steps).map { try ImageFitting.image(fromPlanar: $0, geometry: model.imageGeometry) }
    }
}
