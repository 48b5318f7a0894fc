extension Trainer {
    /// Mean reconstruction PSNR f(x)↔x over the held-out images (at most `limit`), with
    /// batch statistics in batches of the training size, or nil without held-out images.
    public func heldOutReconstructionPSNR(limit: Int = 1000) -> Double? {
        guard heldOut.count >= 2 else { return nil }
        var evaluator = Evaluator(model: model, data: heldOut.prefix(limit))
        evaluator.batchSize = configuration.batchSize
        return try? evaluator.reconstruction(.batch)
    }
}
