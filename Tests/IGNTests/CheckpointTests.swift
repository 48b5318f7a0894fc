import Foundation
import IGN
import IGNNeural
import IGNTestSupport
import XCTest

final class CheckpointTests: XCTestCase {
    private func configuration() -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.batchSize = 8
        configuration.learningRate = 1e-3
        configuration.heldOut = 4
        configuration.flip = true
        configuration.seed = 42
        return configuration
    }

    private func state(_ trainer: Trainer) -> [[Float]] {
        trainer.model.network.parameters.map(\.parameter.value)
            + trainer.model.network.stateBuffers.map(\.buffer.value)
    }

    /// `trainer` is where `reference` is, bit for bit: weights, running statistics, and the
    /// optimizer's moments and step.
    private func assertSameTrainingState(_ trainer: Trainer, as reference: Trainer, _ message: String = "",
                                         file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(state(trainer), state(reference), message, file: file, line: line)
        XCTAssertEqual(trainer.optimizer.firstMoments, reference.optimizer.firstMoments, message, file: file, line: line)
        XCTAssertEqual(trainer.optimizer.secondMoments, reference.optimizer.secondMoments, message, file: file, line: line)
        XCTAssertEqual(trainer.optimizer.step, reference.optimizer.step, message, file: file, line: line)
    }

    /// Steps 1–3, checkpoint, resume in a fresh trainer, steps 4–7: bit for bit the same as
    /// steps 1–7 in one go (weights, running statistics, optimizer moments).
    func testResumeIsBitIdenticalToUninterruptedRun() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = blobImages(count: 36)
        let straight = try Trainer(configuration: configuration(), model: IGNModel(network: tinyNetwork()), data: data)
        for _ in 0..<7 { straight.runStep() }

        let first = try Trainer(configuration: configuration(), model: IGNModel(network: tinyNetwork()), data: data)
        for _ in 0..<3 { first.runStep() }
        let checkpoint = folder.appendingPathComponent("run.checkpoint")
        try first.saveCheckpoint(to: checkpoint)
        let resumed = try Trainer.resume(from: checkpoint, data: data)
        XCTAssertEqual(resumed.step, 3)
        for _ in 0..<4 { resumed.runStep() }

        XCTAssertEqual(resumed.step, straight.step)
        assertSameTrainingState(resumed, as: straight)
    }

    /// A step abandoned part-way — before its first layer, after some of its layers (the
    /// running statistics of the passes made already moved), just before the update —
    /// leaves the trainer as the last completed step left it: a checkpoint written then and
    /// resumed repeats the uninterrupted run bit for bit, and so does going on in place.
    func testAnAbandonedStepLeavesTheLastCompletedStep() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = blobImages(count: 36)
        let straight = try Trainer(configuration: configuration(), model: IGNModel(network: tinyNetwork()), data: data)
        for _ in 0..<7 { straight.runStep() }
        var checks = 0
        let counting = try Trainer(configuration: configuration(), model: IGNModel(network: tinyNetwork()), data: data)
        XCTAssertNotNil(counting.runStep(unless: { checks += 1; return false }))
        XCTAssertGreaterThan(checks, 20, "asked between the layers of every pass")

        for stopAt in [1, 2, checks / 3, checks / 2, checks - 1, checks] {
            let first = try Trainer(configuration: configuration(), model: IGNModel(network: tinyNetwork()), data: data)
            for _ in 0..<3 { first.runStep() }
            var asked = 0
            XCTAssertNil(first.runStep(unless: { asked += 1; return asked >= stopAt }), "stopped at check \(stopAt)")
            XCTAssertEqual(first.step, 3)
            let checkpoint = folder.appendingPathComponent("run-\(stopAt).checkpoint")
            try first.saveCheckpoint(to: checkpoint)
            let resumed = try Trainer.resume(from: checkpoint, data: data)
            for _ in 0..<4 { resumed.runStep(); first.runStep() }
            for trainer in [resumed, first] {
                assertSameTrainingState(trainer, as: straight, "stopped at check \(stopAt)")
            }
        }
    }

    /// `run` stops inside a step when asked: the step is abandoned, the checkpoint is the
    /// last completed step's, and the outcome says so.
    func testRunAbandonsTheStepInProgress() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = blobImages(count: 36)
        let trainer = try Trainer(configuration: configuration(), model: IGNModel(network: tinyNetwork()), data: data)
        var asked = 0
        let checkpoint = folder.appendingPathComponent("run.checkpoint")
        // Two steps and part of the third (each asks dozens of times).
        let outcome = try trainer.run(checkpoint: checkpoint, checkpointEvery: 1000,
                                      isInterrupted: { asked += 1; return asked > 100 })
        XCTAssertEqual(outcome, .interrupted)
        XCTAssertEqual(try Trainer.resume(from: checkpoint, data: data).step, trainer.step)
        XCTAssertGreaterThan(trainer.step, 0)
        let reference = try Trainer(configuration: configuration(), model: IGNModel(network: tinyNetwork()), data: data)
        for _ in 0..<trainer.step { reference.runStep() }
        XCTAssertEqual(state(trainer), state(reference))
    }

    func testCorruptOrTruncatedCheckpointIsRefusedWithAClearError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = blobImages(count: 36)
        let trainer = try Trainer(configuration: configuration(), model: IGNModel(network: tinyNetwork()), data: data)
        trainer.runStep()
        let checkpoint = folder.appendingPathComponent("run.checkpoint")
        try trainer.saveCheckpoint(to: checkpoint)
        let bytes = try Data(contentsOf: checkpoint)

        let truncated = folder.appendingPathComponent("truncated.checkpoint")
        try bytes.prefix(bytes.count - 100).write(to: truncated)
        var corrupt = bytes
        corrupt.replaceSubrange(8..<40, with: [UInt8](repeating: 0x7B, count: 32))
        let garbled = folder.appendingPathComponent("garbled.checkpoint")
        try corrupt.write(to: garbled)
        let empty = folder.appendingPathComponent("empty.checkpoint")
        try Data().write(to: empty)

        for url in [truncated, garbled, empty] {
            XCTAssertThrowsError(try Trainer.resume(from: url, data: data), url.lastPathComponent) { error in
                guard case TrainingError.checkpoint(let why) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(why.contains(url.path), why)
                XCTAssertFalse(why.contains("\n"), why)
            }
        }
        // The right file on other data is refused too.
        XCTAssertThrowsError(try Trainer.resume(from: checkpoint, data: blobImages(count: 40)))
    }
}

final class DropoutCheckpointTests: XCTestCase {
    /// With dropout (its own masks, its own forward pass for f_copy), resuming still repeats
    /// the uninterrupted run exactly.
    func testResumeWithDropoutIsBitIdentical() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let encoder: [LayerSpec] = [
            .conv2d(inChannels: 1, outChannels: 4, kernel: 4, stride: 2, padding: 1, bias: true), .leakyReLU(slope: 0.2),
            .dropout2d(probability: 0.3),
            .conv2d(inChannels: 4, outChannels: 8, kernel: 4, stride: 1, padding: 0, bias: true),
        ]
        let decoder: [LayerSpec] = [
            .convTranspose2d(inChannels: 8, outChannels: 4, kernel: 4, stride: 1, padding: 0, bias: true), .relu,
            .dropout2d(probability: 0.3),
            .convTranspose2d(inChannels: 4, outChannels: 1, kernel: 4, stride: 2, padding: 1, bias: true), .tanh,
        ]
        func network() -> Sequential {
            let n = LayerSpec.sequential([.sequential(encoder), .sequential(decoder)]).makeLayer() as! Sequential
            var g = RandomGenerator(seed: 1)
            for (_, p) in n.parameters { p.value = g.normal(count: p.count, standardDeviation: 0.3) }
            return n
        }
        var configuration = TrainingConfiguration()
        configuration.batchSize = 8
        configuration.heldOut = 0
        let data = blobImages(count: 32)
        let straight = try Trainer(configuration: configuration, model: IGNModel(network: network()), data: data)
        for _ in 0..<5 { straight.runStep() }
        let first = try Trainer(configuration: configuration, model: IGNModel(network: network()), data: data)
        for _ in 0..<2 { first.runStep() }
        let url = folder.appendingPathComponent("d.checkpoint")
        try first.saveCheckpoint(to: url)
        let resumed = try Trainer.resume(from: url, data: data)
        for _ in 0..<3 { resumed.runStep() }
        XCTAssertEqual(resumed.model.network.parameters.map(\.parameter.value),
                       straight.model.network.parameters.map(\.parameter.value))

        // A step abandoned after its masks were drawn puts the dropout generators back.
        let abandoning = try Trainer(configuration: configuration, model: IGNModel(network: network()), data: data)
        for _ in 0..<2 { abandoning.runStep() }
        var asked = 0
        XCTAssertNil(abandoning.runStep(unless: { asked += 1; return asked > 12 }))
        for _ in 0..<3 { abandoning.runStep() }
        XCTAssertEqual(abandoning.model.network.parameters.map(\.parameter.value),
                       straight.model.network.parameters.map(\.parameter.value))
    }
}
