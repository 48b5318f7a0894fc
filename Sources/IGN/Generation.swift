import IGNImage
import IGNNeural

/// Generating images from source noise: f(z), optionally f applied more than once.
public enum Generation {
    /// `count` generated images (fⁿ(z), z drawn with `seed`), normalised with the model's
    /// generation statistics unless `normalization` says otherwise.
    public static func generate(_ model: IGNModel, count: Int, seed: UInt64, times: Int = 1,
                                normalization: ForwardMode = .inference) throws -> FeatureMaps {
        try model.prepare(for: .generate)
        var generator = RandomGenerator(seed: seed)
        let z = model.sampleNoise(count: count, generator: &generator)
        return model.apply(z, times: times, mode: normalization)
    }

    /// A grid of generated images.
    public static func sampleGrid(_ model: IGNModel, columns: Int, rows: Int, seed: UInt64,
                                  times: Int = 1, normalization: ForwardMode = .inference) throws -> Image {
        let images = try generate(model, count: columns * rows, seed: seed, times: times,
                                  normalization: normalization)
        return try ImageFitting.grid(images, columns: columns, rows: rows)
    }
}
