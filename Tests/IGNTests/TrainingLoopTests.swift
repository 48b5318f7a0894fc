import Foundation
import IGN
import IGNImage
import IGNNeural
import IGNTestSupport
import XCTest

/// `Trainer.run`, the loop `ign train` runs between setting up and writing the model.
final class TrainingLoopTests: XCTestCase {
    private func configuration(steps: Int) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.batchSize = 8
        configuration.learningRate = 1e-3
        configuration.heldOut = 4
        configuration.steps = steps
        configuration.seed = 9
        return configuration
    }

    private func state(_ trainer: Trainer) -> [[Float]] {
        trainer.model.network.parameters.map(\.parameter.value) + trainer.model.network.stateBuffers.map(\.buffer.value)
    }

    /// 32 training images in batches of 8: four steps an epoch. Ten steps report every step,
    /// the ends of epochs 1 and 2 and the end of the run, with held-out figures and sample
    /// grids, write the final checkpoint, and leave the weights exactly as ten plain steps do.
    func testRunReportsStepsEpochsAndGridsAndMatchesPlainSteps() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = blobImages(count: 36)
        let trainer = try Trainer(configuration: configuration(steps: 10), model: IGNModel(network: tinyNetwork()), data: data)
        XCTAssertEqual(trainer.stepsPerEpoch, 4)
        var steps: [Int] = [], epochs: [Trainer.EpochReport] = [], grids: [(Int, Image)] = []
        let checkpoint = folder.appendingPathComponent("run.checkpoint")
        let outcome = try trainer.run(
            checkpoint: checkpoint, checkpointEvery: 3600,
            onStep: { report in
                steps.append(report.step)
                XCTAssertTrue(report.losses.total.isFinite && report.imagesPerSecond > 0)
            },
            onEpoch: { epochs.append($0) },
            onSampleGrid: { epoch, grid in
                switch grid {
                case .success(let image): grids.append((epoch, image))
                case .failure(let error): XCTFail("\(error)")
                }
            })
        XCTAssertEqual(outcome, .finished)
        XCTAssertEqual(steps, Array(1...10))
        XCTAssertEqual(epochs.map(\.step), [4, 8, 10])
        XCTAssertEqual(epochs.map(\.epoch), [1, 2, 2])
        XCTAssertTrue(epochs.allSatisfy { ($0.heldOutPSNR ?? .nan).isFinite }, "\(epochs)")
        XCTAssertEqual(grids.map(\.0), [1, 2, 2])
        XCTAssertEqual(grids.first.map { [$0.1.width, $0.1.height] }, [64, 64], "8×8 images of 8×8")
        XCTAssertEqual(try Trainer.resume(from: checkpoint, data: data).step, 10)

        let plain = try Trainer(configuration: configuration(steps: 10), model: IGNModel(network: tinyNetwork()), data: data)
        for _ in 0..<10 { plain.runStep() }
        XCTAssertEqual(state(trainer), state(plain))
        XCTAssertEqual(trainer.optimizer.firstMoments, plain.optimizer.firstMoments)
    }

    /// Interrupted after three steps: the checkpoint holds step 3, and a run resumed from it
    /// through the loop ends where an uninterrupted one does.
    func testInterruptedRunCheckpointsAndResumesToTheSameResult() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = blobImages(count: 36)
        let first = try Trainer(configuration: configuration(steps: 6), model: IGNModel(network: tinyNetwork()), data: data)
        let checkpoint = folder.appendingPathComponent("run.checkpoint")
        var checkpointsSeen: [Int] = []
        let outcome = try first.run(checkpoint: checkpoint, checkpointEvery: 0, isInterrupted: { first.step >= 3 },
                                    onStep: { _ in
                                        if let step = try? Trainer.resume(from: checkpoint, data: data).step {
                                            checkpointsSeen.append(step)
                                        }
                                    })
        XCTAssertEqual(outcome, .interrupted)
        XCTAssertEqual(first.step, 3)
        XCTAssertEqual(checkpointsSeen, [1, 2], "with checkpointEvery 0, one checkpoint after every step")
        let resumed = try Trainer.resume(from: checkpoint, data: data)
        XCTAssertEqual(resumed.step, 3)
        XCTAssertEqual(try resumed.run(checkpoint: checkpoint, checkpointEvery: 3600), .finished)

        let straight = try Trainer(configuration: configuration(steps: 6), model: IGNModel(network: tinyNetwork()), data: data)
        try straight.run(checkpoint: folder.appendingPathComponent("straight.checkpoint"), checkpointEvery: 3600)
        XCTAssertEqual(resumed.step, 6)
        XCTAssertEqual(state(resumed), state(straight))
    }
}
