import IGNImage
import IGNNeural

/// Generating images from source noise: f(z), optionally f applied more than once.
public enum Generation {
    /// `count` generated images (fⁿ(z), z drawn with `seed`), normalised with the model's
    /// generation statistics unless `normalization` says otherwise.
    public static func generate(_ model: IGNModel, count: Int, seed: UInt64, times: Int = 1,
                                normalization: ForwardMode = .inference) throws -> FeatureMaps {
        let network = normalization == .inference ? try model.inferenceNetwork(for: .generate) : model.network
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
            let result = model.apply(chunk, times: times, mode: normalization, using: network)
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
