import Foundation
import IGNImage
import XCTest

/// `ign train`, `project`, `generate` and `eval`, spawned with real pipes on a tiny model
/// (the mnist28 layout at 1/16 width) trained for a few steps on a small IDX file.
final class ModelCommandsEndToEndTests: XCTestCase {
    /// 48 28×28 images of bright discs, as an IDX file.
    private func writeIDX(to workspace: Workspace, name: String = "data.idx") throws {
        let count = 48
        var bytes: [UInt8] = [0, 0, 8, 3, 0, 0, 0, UInt8(count), 0, 0, 0, 28, 0, 0, 0, 28]
        for n in 0..<count {
            let (cx, cy, r) = (8 + n % 12, 8 + (n * 7) % 12, 4 + n % 5)
            for y in 0..<28 {
                for x in 0..<28 { bytes.append((x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r ? 230 : 10) }
            }
        }
        try workspace.write(bytes, to: name)
    }

    private let tinyTraining = ["--width", "0.0625", "--batch-size", "8", "--hold-out", "8",
                                "--learning-rate", "0.001", "--log-every", "2"]

    private func trainedModel(_ workspace: Workspace, steps: Int = 4) throws {
        try writeIDX(to: workspace)
        let result = try IGNProcess.run(["train", "data.idx", "-o", "m.safetensors", "--steps", "\(steps)"] + tinyTraining,
                                        directory: workspace.path)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testTrainWritesModelCheckpointSamplesAndLog() throws {
        let workspace = try Workspace()
        try trainedModel(workspace, steps: 6)
        XCTAssertTrue(workspace.exists("m.safetensors"))
        XCTAssertTrue(workspace.exists("m.safetensors.checkpoint"))
        XCTAssertFalse(try workspace.contents("m.safetensors.samples").filter { $0.hasSuffix(".png") }.isEmpty)
        // A fresh run does not overwrite another run's checkpoint.
        let fresh = try IGNProcess.run(["train", "data.idx", "-o", "m.safetensors", "--steps", "2"] + tinyTraining,
                                       directory: workspace.path)
        XCTAssertEqual(fresh.status, 1)
        XCTAssertTrue(fresh.stderr.contains("--resume"), fresh.stderr)
        // Resuming without --steps keeps the run's own length (finished: writes the model again).
        let same = try IGNProcess.run(["train", "data.idx", "-o", "m.safetensors", "--resume"] + tinyTraining,
                                      directory: workspace.path)
        XCTAssertEqual(same.status, 0, same.stderr)
        XCTAssertTrue(same.stderr.contains("at step 6 of 6"), same.stderr)
        // Resuming with --steps extends the same run.
        let resumed = try IGNProcess.run(["train", "data.idx", "-o", "m.safetensors", "--steps", "8", "--resume"] + tinyTraining,
                                         directory: workspace.path)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("at step 6 of 8"), resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("step 8/8"), resumed.stderr)
        // The model's card facts travel in the file.
        let info = try IGNProcess.run(["eval", "--model", "m.safetensors", "--data", "data.idx", "--count", "8",
                                       "--noise-samples", "8", "--json"], directory: workspace.path)
        XCTAssertEqual(info.status, 0, info.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(info.stdout)) as! [String: Any]
        XCTAssertEqual(json["images"] as? Int, 8)
        XCTAssertNotNil(json["reconstruction"] as? Double)
        XCTAssertEqual((json["denoising"] as? [[String: Any]])?.count, 3)
        XCTAssertEqual(json["projectStatistics"] as? String, "images")
    }

    func testTrainRefusesBadDataAndCorruptCheckpoint() throws {
        let workspace = try Workspace()
        try workspace.write(Array("not a dataset".utf8), to: "text.idx")
        let bad = try IGNProcess.run(["train", "text.idx", "-o", "m.safetensors"], directory: workspace.path)
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.stderr.split(separator: "\n").count, 1, bad.stderr)
        XCTAssertFalse(workspace.exists("m.safetensors"))

        try writeIDX(to: workspace)
        try workspace.write(Array(repeating: 0x41, count: 100), to: "m.safetensors.checkpoint")
        let corrupt = try IGNProcess.run(["train", "data.idx", "-o", "m.safetensors", "--resume", "--steps", "2"] + tinyTraining,
                                         directory: workspace.path)
        XCTAssertEqual(corrupt.status, 1)
        XCTAssertTrue(corrupt.stderr.contains("bad checkpoint"), corrupt.stderr)
        XCTAssertEqual(try IGNProcess.run(["train", "data.idx", "--steps", "0"], directory: workspace.path).status, 64)
    }

    func testInterruptSavesACheckpointAndExits130() throws {
        let workspace = try Workspace()
        try writeIDX(to: workspace)
        let process = Process()
        process.executableURL = IGNProcess.executable
        process.arguments = ["train", "data.idx", "-o", "m.safetensors", "--steps", "100000"] + tinyTraining
        process.currentDirectoryURL = workspace.url
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Interrupt once training has logged a step (the handler is installed by then).
        var log = ""
        while !log.contains("step 2/") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
        }
        process.interrupt()
        log += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130, log)
        XCTAssertTrue(log.contains("--resume"), log)
        XCTAssertTrue(workspace.exists("m.safetensors.checkpoint"))
        XCTAssertFalse(workspace.exists("m.safetensors"))
        XCTAssertFalse(try workspace.contents().contains { $0.hasPrefix(".") }, "no temporary files left")
    }

    func testProjectAndGenerateUseTheModel() throws {
        let workspace = try Workspace()
        try trainedModel(workspace)
        try workspace.write(png(sampleImage(width: 40, height: 30)), to: "in.png")

        let projected = try IGNProcess.run(["project", "--model", "m.safetensors"], stdin: workspace.read("in.png"),
                                           directory: workspace.path)
        XCTAssertEqual(projected.status, 0, projected.stderr)
        let image = try Image.decode(projected.stdout).image
        XCTAssertEqual([image.width, image.height], [28, 28])
        XCTAssertEqual(image.colorModel, .gray)

        var environment = ProcessInfo.processInfo.environment
        environment["IGN_MODEL"] = workspace.file("m.safetensors")
        let viaEnvironment = try IGNProcess.run(["project", "in.png", "--keep-size"], directory: workspace.path,
                                                environment: environment)
        XCTAssertEqual(viaEnvironment.status, 0, viaEnvironment.stderr)
        XCTAssertEqual(try Image.info(viaEnvironment.stdout).width, 40)

        try workspace.write(workspace.read("in.png"), to: "b.png")
        let batch = try IGNProcess.run(["project", "--model", "m.safetensors", "--steps", "2", "in.png", "b.png",
                                        "-o", "out/", "-j", "2"], directory: workspace.path)
        XCTAssertEqual(batch.status, 0, batch.stderr)
        XCTAssertEqual(try workspace.contents("out"), ["b.png", "in.png"])
        XCTAssertEqual(try workspace.read("out/b.png"), try workspace.read("out/in.png"), "same input, same projection")

        // The example Makefile cleans a folder, and a second run has nothing to do.
        try FileManager.default.createDirectory(atPath: workspace.file("noisy"), withIntermediateDirectories: true)
        try workspace.write(workspace.read("in.png"), to: "noisy/a.png")
        try workspace.write(workspace.read("b.png"), to: "noisy/b.png")
        let makefile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Examples/Makefile").standardized.path
        let make = "make -f \(makefile) -j2 IGN=\(IGNProcess.executable.path) SRC=noisy OUT=clean"
        let made = try IGNProcess.shell("IGN_MODEL=m.safetensors " + make, directory: workspace.path)
        XCTAssertEqual(made.status, 0, String(decoding: made.stdout, as: UTF8.self))
        XCTAssertEqual(try workspace.contents("clean"), ["a.png", "b.png"])
        let remade = try IGNProcess.shell("IGN_MODEL=m.safetensors " + make, directory: workspace.path)
        XCTAssertTrue(String(decoding: remade.stdout, as: UTF8.self).contains("Nothing to be done"),
                      String(decoding: remade.stdout, as: UTF8.self))

        let missing = try IGNProcess.run(["project", "--model", "nope.safetensors", "in.png"], directory: workspace.path)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.hasPrefix("ign: nope.safetensors"), missing.stderr)
        XCTAssertEqual(missing.stdout, [])

        let one = try IGNProcess.run(["generate", "--model", "m.safetensors", "--seed", "3"], directory: workspace.path)
        let again = try IGNProcess.run(["generate", "--model", "m.safetensors", "--seed", "3"], directory: workspace.path)
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertEqual(one.stdout, again.stdout, "same seed, same image")
        let grid = try IGNProcess.run(["generate", "--model", "m.safetensors", "--grid", "3x2", "-o", "grid.png"],
                                      directory: workspace.path)
        XCTAssertEqual(grid.status, 0, grid.stderr)
        XCTAssertEqual(try Image.info(workspace.read("grid.png")).width, 84)
        let many = try IGNProcess.run(["generate", "--model", "m.safetensors", "--count", "3", "-o", "samples/"],
                                      directory: workspace.path)
        XCTAssertEqual(many.status, 0, many.stderr)
        XCTAssertEqual(try workspace.contents("samples"), ["sample-0001.png", "sample-0002.png", "sample-0003.png"])
    }
}
