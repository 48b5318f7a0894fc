import IGNNeural

extension Trainer {
    /// Mean reconstruction PSNR f(x)↔x over the held-out images (batch statistics, in
    /// batches of the training size), or nil without held-out images.
    public func heldOutReconstructionPSNR(limit: Int = 1000) -> Double? {
        let count = min(limit, heldOut.count)
        guard count >= 2 else { return nil }
        let input = FeatureMaps(), output = FeatureMaps(), cache = LayerCache()
        var total: Double = 0
        var start = 0
        while start < count {
            let end = min(count, start + configuration.batchSize)
            heldOut.fill(input, indices: Array(start..<end))
            model.network.forward(input, into: output, cache: cache, mode: .inferenceWithBatchStatistics)
            total += PSNR.perImage(output, input).reduce(0, +)
            start = end
        }
        return total / Double(count)
    }
}
