import IGNImage
import IGNNeural

/// Generating images from source noise: f(z), optionally f applied more than once.
public enum Generation {
    /// `count` generated images (fⁿ(z), z drawn with `seed`). The first application, on
    /// noise, normalises with the model's generation statistics; later ones, on f's own
    /// images, with its projection statistics. `normalization` other than `.inference`
    /// uses batch statistics throughout instead.
    public static func generate(_ model: IGNModel, count: Int, seed: UInt64, times: Int = 1,
                                normalization: ForwardMode = .inference) throws -> FeatureMaps {
        let fromNoise = normalization == .inference ? try model.inferenceNetwork(for: .generate) : model.network
        let fromImages = normalization == .inference && times > 1 ? try model.inferenceNetwork(for: .project) : fromNoise
        var generator = RandomGenerator(seed: seed)
        let z = model.sampleNoise(count: count, generator: &generator)
        // In chunks, so that memory stays bounded however many images are asked for (with
        // fixed statistics each image's result is the same in any chunk).
        let output = FeatureMaps()
        output.resize(model.imageGeometry, batch: count)
        let plane = model.imageGeometry.height * model.imageGeometry.width
        let chunk = FeatureMaps()
        for range in Batching.ranges(count: count, maximum: 256) {
            chunk.resize(model.imageGeometry, batch: range.count)
            for c in 0..<model.imageGeometry.channels {
                (chunk.pointer + c * range.count * plane)
                    .update(from: z.pointer + (c * count + range.lowerBound) * plane, count: range.count * plane)
            }
            var result = model.apply(chunk, mode: normalization, using: fromNoise)
            if times > 1 { result = model.apply(result, times: times - 1, mode: normalization, using: fromImages) }
            for c in 0..<model.imageGeometry.channels {
                (output.pointer + (c * count + range.lowerBound) * plane)
                    .update(from: result.pointer + c * range.count * plane, count: range.count * plane)
            }
        }
        return output
    }

    /// A grid of generated images.
    public static func sampleGrid(_ model: IGNModel, columns: Int, rows: Int, seed: UInt64,
                                  times: Int = 1, normalization: ForwardMode = .inference) throws -> Image {
        let images = try generate(model, count: columns * rows, seed: seed, times: times,
                                  normalization: normalization)
        return try ImageFitting.grid(images, columns: columns, rows: rows)
    }
}
