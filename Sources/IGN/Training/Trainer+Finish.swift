import FoundationEssentials
import IGNNeural

extension Trainer {
    /// JSON with its keys sorted, so that model and checkpoint files written from the same
    /// state are the same bytes (a plain encoder orders a dictionary's keys differently from
    /// run to run).
    static var sortedJSON: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    /// Measures the model's batch-norm statistics sets and records how it was made:
    /// "images" (batch statistics averaged over training images) for projection, "noise"
    /// (averaged over source-noise batches) for generation, "noisy-images" (training images
    /// with Gaussian noise of σ 0.3, clipped: degraded inputs), "training" (the running
    /// averages training kept), and for a run with gray pairs "gray-images" (the training
    /// images made gray: colourising's inputs). Call when training ends; the model is then
    /// ready to save.
    public func finishModel(command: String, batches: Int = 16) throws {
        let running = NormalizationStatistics(current: model.network)
        let batch = configuration.batchSize
        var measureGenerator = RandomGenerator(seed: configuration.seed ^ 0xCA11_B8A7E)
        var offset = 0
        func nextTrainingBatch(_ maps: FeatureMaps) {
            training.fill(maps, indices: (0..<batch).map { (offset + $0) % training.count })
            offset += batch
        }
        let images = NormalizationStatistics.measure(model.network, batches: batches, next: nextTrainingBatch)
        let noise = NormalizationStatistics.measure(model.network, batches: batches) { maps in
            maps.resize(training.geometry, batch: batch)
            model.noise.sample(into: maps, generator: &measureGenerator)
        }
        offset = 0
        let noisyImages = NormalizationStatistics.measure(model.network, batches: batches) { maps in
            nextTrainingBatch(maps)
            var perturbation = [Float](repeating: 0, count: maps.count)
            measureGenerator.fillNormal(&perturbation, count: maps.count)
            for i in 0..<maps.count { maps.pointer[i] = min(1, max(-1, maps.pointer[i] + 0.3 * perturbation[i])) }
        }
        model.statisticsSets = ["images": images, "noise": noise, "noisy-images": noisyImages, "training": running]
        if configuration.grayPairFraction > 0 {
            offset = 0
            let gray = FeatureMaps()
            model.statisticsSets["gray-images"] = NormalizationStatistics.measure(model.network, batches: batches) { maps in
                nextTrainingBatch(gray)
                maps.copyWithGrayImages(of: gray, first: gray.batch)
            }
        }
        model.statisticsChoice = [.project: "images", .generate: "noise", .denoise: "noisy-images"]
        let c = configuration
        let notes = [
            "command": command,
            "data": training.source,
            "images": String(training.count),
            "held_out": String(heldOut.count),
            "steps": String(step),
            "batch": String(c.batchSize),
            "seconds": String(Int(elapsed.rounded())),
            "objective": String(decoding: try Trainer.sortedJSON.encode(c.objective), as: UTF8.self),
            "width": String(c.width),
            "optimizer": "Adam lr \(c.learningRate) betas (\(c.beta1), \(c.beta2))",
        ]
        // Notes a model started from (`train --from`) carried describe that earlier run: replaced.
        let prefix = IGNFileKeys.training("")
        model.metadata = model.metadata.filter { !$0.key.hasPrefix(prefix) }
        for (name, value) in notes { model.metadata[IGNFileKeys.training(name)] = value }
        if let pairs = c.grayPairs { model.metadata[IGNFileKeys.training("gray_pairs")] = String(pairs) }
    }
}
