import IGNImage
import IGNNeural

/// Projecting images onto the model's image manifold: fⁿ(x) for a given image x.
///
/// The image is first fitted to the model (alpha flattened, converted to its channels,
/// resized to its size); the result has the model's size unless asked to be resized back.
public struct Projector: Sendable {
    public let model: IGNModel

    /// A projector normalising with the model's statistics for `use`.
    public init(model: IGNModel, use: IGNModel.Use = .project) throws {
        try model.prepare(for: use)
        self.model = model
    }

    /// fⁿ of a batch of model-shaped inputs (planar `[C][H][W]` values in [−1, 1] each).
    public func project(planar inputs: [[Float]], times: Int) -> [[Float]] {
        let geometry = model.imageGeometry
        let batch = FeatureMaps()
        batch.resize(geometry, batch: inputs.count)
        let plane = geometry.height * geometry.width
        for (n, values) in inputs.enumerated() {
            precondition(values.count == geometry.count, "input does not have the model's shape")
            for c in 0..<geometry.channels {
                (batch.pointer + (c * inputs.count + n) * plane).update(from: values, count: plane, offset: c * plane)
            }
        }
        let output = model.apply(batch, times: times)
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

extension UnsafeMutablePointer where Pointee == Float {
    func update(from array: [Float], count: Int, offset: Int) {
        array.withUnsafeBufferPointer { update(from: $0.baseAddress! + offset, count: count) }
    }
}
