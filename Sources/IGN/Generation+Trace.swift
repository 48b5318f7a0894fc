import IGNImage
import IGNNeural

extension Generation {
    /// For each of `count` noise draws (the same as `generate` makes from `seed`): z shown as
    /// an image (clamped to [−1, 1]), then f¹(z) … fⁿ(z) — how generation converges.
    public static func trace(_ model: IGNModel, count: Int, seed: UInt64, times: Int) throws -> [[Image]] {
        let fromNoise = try model.inferenceNetwork(for: .generate)
        let fromImages = try model.inferenceNetwork(for: .project)
        var generator = RandomGenerator(seed: seed)
        var current = model.sampleNoise(count: count, generator: &generator)
        var steps = [current]
        for step in 0..<times {
            current = model.apply(current, using: step == 0 ? fromNoise : fromImages)
            steps.append(current)
        }
        return try (0..<count).map { index in
            try steps.map { try ImageFitting.image(fromPlanar: ImageFitting.planar($0, index: index), geometry: model.imageGeometry) }
        }
    }
}
