import FoundationEssentials
import IGNImage

extension Trainer {
    /// How `run` ended.
    public enum RunOutcome: Equatable, Sendable {
        /// Every configured step ran.
        case finished
        /// `isInterrupted` said to stop first; the checkpoint holds the run so far.
        case interrupted
    }

    /// One step, as `run` reports it.
    public struct StepReport: Sendable {
        /// Steps completed, this one included.
        public let step: Int
        /// The epoch after this step (0-based).
        public let epoch: Int
        public let losses: StepLosses
        /// Wall-clock seconds the step took.
        public let seconds: Double
        /// Images per second of this step.
        public let imagesPerSecond: Double
    }

    /// The end of an epoch (or of the run), as `run` reports it.
    public struct EpochReport: Sendable {
        /// `Trainer.epoch` at that moment: epochs completed (the run's last report may repeat
        /// the number of the one before, when the run ends mid-epoch).
        public let epoch: Int
        /// Steps completed.
        public let step: Int
        /// Mean reconstruction PSNR over the held-out images (`heldOutReconstructionPSNR`),
        /// or nil without held-out images.
        public let heldOutPSNR: Double?
    }

    /// The training loop: runs steps until every configured step has run or `isInterrupted`
    /// returns true (checked before each step and between the layers of its passes: a step
    /// interrupted is abandoned, see ``runStep(unless:)``, and the epoch's reports are not
    /// made), writes a checkpoint to `checkpoint` whenever
    /// `checkpointEvery` seconds have passed since the last one and once more at the end, and
    /// at the end of every epoch and of the run reports the held-out reconstruction to
    /// `onEpoch` and, when `onSampleGrid` is given, an 8×8 grid of f(z) for 64 fixed noise
    /// draws (batch statistics, so that it shows the network as it trains) or why it could
    /// not be made. Progress goes to `onStep` after every step.
    ///
    /// The loop changes nothing but what `runStep` changes: a run through it repeats, bit for
    /// bit, the same number of `runStep` calls. A checkpoint that cannot be written ends it
    /// with that error (the steps since the last checkpoint are then lost).
    @discardableResult
    public func run(checkpoint: URL, checkpointEvery seconds: TimeInterval,
                    isInterrupted: () -> Bool = { false },
                    onStep: (StepReport) -> Void = { _ in },
                    onEpoch: (EpochReport) -> Void = { _ in },
                    onSampleGrid: ((_ epoch: Int, _ grid: Result<Image, Error>) -> Void)? = nil) throws -> RunOutcome {
        var lastCheckpoint = Date()
        var lastEpoch = epoch
        while !isFinished && !isInterrupted() {
            let started = Date()
            guard let losses = runStep(unless: isInterrupted) else { break }
            let duration = Date().timeIntervalSince(started)
            onStep(StepReport(step: step, epoch: epoch, losses: losses, seconds: duration,
                              imagesPerSecond: Double(configuration.batchSize) / duration))
            if (epoch != lastEpoch || isFinished) && !isInterrupted() {
                lastEpoch = epoch
                onEpoch(EpochReport(epoch: epoch, step: step, heldOutPSNR: heldOutReconstructionPSNR()))
                if let onSampleGrid {
                    onSampleGrid(epoch, Result {
                        try Generation.sampleGrid(model, columns: 8, rows: 8, seed: 0,
                                                  normalization: .inferenceWithBatchStatistics)
                    })
                }
            }
            if Date().timeIntervalSince(lastCheckpoint) >= seconds && !isInterrupted() {   // else: just below
                try saveCheckpoint(to: checkpoint)
                lastCheckpoint = Date()
            }
        }
        try saveCheckpoint(to: checkpoint)
        return isInterrupted() ? .interrupted : .finished
    }
}
