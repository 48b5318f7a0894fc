import IGNImage
import IGNNeural

/// Projecting images onto the model's image manifold: fⁿ(x) for a given image x.
///
/// The image is first fitted to the model (alpha flattened, converted to its channels,
/// resized to its size); the result has the model's size unless asked to be resized back.
public struct Projector: @unchecked Sendable {
    public let model: IGNModel
    /// f with the statistics of the projector's use folded in; only read, so one projector
    /// serves several threads.
    private let network: Sequential

    /// A projector normalising with the model's statistics for `use`, or with the named
    /// statistics set.
    public init(model: IGNModel, use: IGNModel.Use = .project, statisticsSet: String? = nil) throws {
        self.model = model
        network = try statisticsSet.map { try model.inferenceNetwork(statisticsSet: $0) }
            ?? model.inferenceNetwork(for: use)
    }

    /// fⁿ of a batch of model-shaped inputs (planar `[C][H][W]` values in [−1, 1] each).
    public func project(planar inputs: [[Float]], times: Int) -> [[Float]] {
        let geometry = model.imageGeometry
        precondition(inputs.allSatisfy { $0.count == geometry.count }, "input does not have the model's shape")
        let batch = FeatureMaps()
        ImageDataset(geometry: geometry, values: inputs.flatMap { $0 }, source: "")
            .fill(batch, indices: Array(inputs.indices))
        let output = model.apply(batch, times: times, using: network)
        return (0..<inputs.count).map { ImageFitting.planar(output, index: $0) }
    }

    /// fⁿ(image): the projection of one image, at the model's size, or resized back to the
    /// image's own size with `keepSize`.
    public func project(_ image: Image, times: Int = 1, keepSize: Bool = false,
                        background: RGBColor = .white) throws -> Image {
        let input = try ImageFitting.modelInput(image, geometry: model.imageGeometry, background: background)
        let output = project(planar: [input], times: times)[0]
        let result = try ImageFitting.image(fromPlanar: output, geometry: model.imageGeometry)
        guard keepSize, result.width != image.width || result.height != image.height else { return result }
        return try result.resized(width: image.width, height: image.height)
    }
}
