import Foundation
import IGNImage
import XCTest

/// denoise, degrade, colorize, composite, edit-latent, models and project --trace, spawned
/// with real pipes on the bundled model (and on a tiny colour model trained for two steps).
final class ModelSubcommandsEndToEndTests: XCTestCase {
    private let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Examples").standardized

    private func example(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: examples.appendingPathComponent(name)))
    }

    private func decode(_ bytes: [UInt8]) throws -> Image { try Image.decode(bytes).image }

    /// Runs ign, asserting exit 0.
    @discardableResult
    private func ok(_ arguments: [String], stdin: [UInt8] = [], in workspace: Workspace? = nil,
                    file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let result = try IGNProcess.run(arguments, stdin: stdin, directory: workspace?.path)
        XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    /// Asserts a one-line error with `status`, nothing on stdout.
    private func refused(_ arguments: [String], status: Int32, containing text: String, stdin: [UInt8] = [],
                         in workspace: Workspace? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try IGNProcess.run(arguments, stdin: stdin, directory: workspace?.path)
        XCTAssertEqual(result.status, status, "\(arguments): \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(text), "\(arguments): \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stdout, [], file: file, line: line)
        if status == 1 { XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr, file: file, line: line) }
    }

    func testModelsListsTheBundledProjector() throws {
        let text = String(decoding: try ok(["models"]), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("fashion-mnist  28x28 gray"), text)
        let json = try JSONSerialization.jsonObject(with: Data(try ok(["models", "--json"]))) as! [[String: String]]
        XCTAssertEqual(json.first?["name"], "fashion-mnist")
        XCTAssertEqual(json.first?["statistics"], "images,noise,noisy-images,training")
        // --model takes the name as well as a path.
        XCTAssertEqual(try ok(["project", "--model", "fashion-mnist"], stdin: example("fashion-pullover-noisy.png")),
                       try ok(["project"], stdin: example("fashion-pullover-noisy.png")))
        try refused(["project", "--model", "nosuch"], status: 1, containing: "no bundled model 'nosuch'",
                    stdin: example("fashion-pullover.png"))
    }

    func testProjectTraceShowsInputAndEveryStep() throws {
        let strip = try decode(ok(["project", "--trace", "--steps", "3"], stdin: example("fashion-pullover-noisy.png")))
        XCTAssertEqual([strip.width, strip.height], [4 * 28 + 3 * 2, 28])
        let once = try decode(ok(["project"], stdin: example("fashion-pullover-noisy.png")))
        XCTAssertEqual(try strip.cropped(x: 30, y: 0, width: 28, height: 28), once, "the second panel is f(x)")
        try refused(["project", "--trace", "--keep-size"], status: 64, containing: "--keep-size")
        // generate --trace: z, then f(z) — which is what generate makes — then f(f(z)).
        let generated = try decode(ok(["generate", "--trace", "--steps", "2", "--seed", "4"]))
        XCTAssertEqual([generated.width, generated.height], [3 * 28 + 2 * 2, 28])
        XCTAssertEqual(try generated.cropped(x: 30, y: 0, width: 28, height: 28), try decode(ok(["generate", "--seed", "4"])))
        try refused(["project", "--statistics", "nosuch"], status: 64, containing: "no such set",
                    stdin: example("fashion-pullover.png"))
    }

    func testDegradeThenDenoiseThroughAPipe() throws {
        let clean = try example("fashion-pullover.png")
        let noisy = try ok(["degrade", "--noise", "0.4", "--seed", "5"], stdin: clean)
        XCTAssertEqual(try ok(["degrade", "--noise", "0.4", "--seed", "5"], stdin: clean), noisy, "seeded: same bytes")
        XCTAssertNotEqual(try ok(["degrade", "--noise", "0.4", "--seed", "6"], stdin: clean), noisy)
        let denoised = try ok(["denoise"], stdin: noisy)
        let reference = try decode(clean)
        XCTAssertGreaterThan(psnr(try decode(denoised), reference), psnr(try decode(noisy), reference))
        let half = try decode(ok(["denoise", "--strength", "0.5"], stdin: noisy))
        XCTAssertNotEqual(half, try decode(denoised))
        // Every degradation keeps any size; sketch and mask work on colour.
        let card = try png(sampleImage(width: 37, height: 21))
        for flags in [["--gray"], ["--sketch"], ["--mask", "3,3,10,5"], ["--noise", "0.2", "--gray"]] {
            let image = try decode(ok(["degrade"] + flags, stdin: card))
            XCTAssertEqual([image.width, image.height], [37, 21], "\(flags)")
        }
        try refused(["degrade"], status: 64, containing: "nothing to do", stdin: card)
        try refused(["degrade", "--mask", "1,2,3"], status: 64, containing: "X,Y,W,H", stdin: card)
        try refused(["denoise", "--strength", "2"], status: 64, containing: "--strength", stdin: noisy)
    }

    func testColorizeNeedsAColourModelAndKeepsLuminance() throws {
        try refused(["colorize"], status: 1, containing: "colour model", stdin: example("fashion-pullover.png"))
        let workspace = try Workspace()
        try FileManager.default.createDirectory(atPath: workspace.file("faces"), withIntermediateDirectories: true)
        for n in 0..<8 { try workspace.write(png(sampleImage(width: 32 + n, height: 32)), to: "faces/\(n).png") }
        let train = try IGNProcess.run(["train", "faces", "-o", "colour.safetensors", "--architecture", "celeba64",
                                        "--width", "0.0625", "--batch-size", "4", "--hold-out", "0", "--steps", "2"],
                                       directory: workspace.path)
        XCTAssertEqual(train.status, 0, train.stderr)
        let gray = try png(sampleImage(width: 50, height: 40).converted(to: .gray))
        let colour = try decode(ok(["colorize", "--model", "colour.safetensors"], stdin: gray, in: workspace))
        XCTAssertEqual(colour.colorModel, .rgb)
        XCTAssertEqual([colour.width, colour.height], [50, 40])
        let luma = try decode(gray)
        for pixel in 0..<colour.pixelCount {
            let (r, g, b) = (Double(colour.samples[3 * pixel] / 257), Double(colour.samples[3 * pixel + 1] / 257),
                             Double(colour.samples[3 * pixel + 2] / 257))
            XCTAssertEqual(0.299 * r + 0.587 * g + 0.114 * b, Double(luma.samples[pixel] / 257), accuracy: 1)
        }
        let raw = try decode(ok(["colorize", "--model", "colour.safetensors", "--raw"], stdin: gray, in: workspace))
        XCTAssertEqual([raw.width, raw.height], [64, 64])
    }

    /// `train --gray-pairs` on colour images, then `train --from` that model (fine-tuning,
    /// gray pairs again); gray pairs on a gray model are refused in one line.
    func testTrainWithGrayPairsAndFromAModel() throws {
        let workspace = try Workspace()
        try FileManager.default.createDirectory(atPath: workspace.file("faces"), withIntermediateDirectories: true)
        for n in 0..<8 { try workspace.write(png(sampleImage(width: 32 + n, height: 32)), to: "faces/\(n).png") }
        let small = ["--batch-size", "4", "--hold-out", "0", "--steps", "2"]
        let first = try IGNProcess.run(["train", "faces", "-o", "a.safetensors", "--architecture", "celeba64",
                                        "--width", "0.0625", "--gray-pairs", "0.5"] + small, directory: workspace.path)
        XCTAssertEqual(first.status, 0, first.stderr)
        let tuned = try IGNProcess.run(["train", "faces", "-o", "b.safetensors", "--from", "a.safetensors",
                                        "--gray-pairs", "0.5"] + small, directory: workspace.path)
        XCTAssertEqual(tuned.status, 0, tuned.stderr)
        XCTAssertTrue(tuned.stderr.contains("starting from a.safetensors"), tuned.stderr)
        XCTAssertTrue(tuned.stderr.contains("training celeba64 ×0.0625"), tuned.stderr)
        let colour = try decode(ok(["colorize", "--model", "b.safetensors", "--statistics", "gray-images"],
                                   stdin: png(sampleImage(width: 20, height: 20).converted(to: .gray)), in: workspace))
        XCTAssertEqual(colour.colorModel, .rgb)

        try refused(["train", "faces", "-o", "c.safetensors", "--from", "fashion-mnist", "--gray-pairs", "0.5"] + small,
                    status: 1, containing: "colour model", in: workspace)
        XCTAssertFalse(workspace.exists("c.safetensors"))
        try refused(["train", "faces", "--gray-pairs", "2"], status: 64, containing: "--gray-pairs", in: workspace)
    }

    func testCompositeKeepsTheBackgroundFarFromTheOverlay() throws {
        let workspace = try Workspace()
        let background = try decode(example("fashion-pullover.png")).resized(width: 84, height: 84)
        try workspace.write(png(background), to: "bg.png")
        try workspace.write(example("fashion-ankle-boot.png"), to: "boot.png")
        try workspace.write(png(Image(width: 28, height: 28, colorModel: .gray, fill: [65535])), to: "mask.png")
        try ok(["composite", "bg.png", "boot.png", "--at", "4,4", "--mask", "mask.png", "--keep-size",
                "--write-pasted", "pasted.png", "-o", "out.png"], in: workspace)
        let (out, pasted) = (try decode(workspace.read("out.png")), try decode(workspace.read("pasted.png")))
        XCTAssertEqual([out.width, out.height], [84, 84])
        XCTAssertNotEqual(out, pasted)
        XCTAssertEqual(try out.cropped(x: 70, y: 70, width: 14, height: 14), try pasted.cropped(x: 70, y: 70, width: 14, height: 14))
        let small = try decode(ok(["composite", "bg.png", "boot.png"], in: workspace))
        XCTAssertEqual([small.width, small.height], [28, 28])
        try refused(["composite", "bg.png", "boot.png", "--at", "x"], status: 64, containing: "--at", in: workspace)
        XCTAssertEqual(try decode(ok(["composite", "bg.png", "boot.png", "--at", "-20,-20", "--keep-size"], in: workspace)).width, 84,
                       "negative coordinates without '='")
        try refused(["composite", "bg.png", "boot.png", "--write-pasted", "-"], status: 64, containing: "stdout", in: workspace)
        try refused(["composite", "bg.png", "boot.png", "--write-pasted", "p.png", "-o", "out.weird"], status: 64,
                    containing: "out.weird", in: workspace)
        XCTAssertFalse(workspace.exists("p.png"), "nothing written before the rules are checked")
        try refused(["composite", "bg.png", "missing.png"], status: 1, containing: "missing.png", in: workspace)
    }

    func testEditLatentThroughPipesAndFiles() throws {
        let workspace = try Workspace()
        try workspace.write(example("fashion-pullover.png"), to: "a.png")
        try workspace.write(example("fashion-ankle-boot.png"), to: "b.png")
        // encode | decode is project, through a pipe, in both spaces.
        let projected = try ok(["project", "a.png"], in: workspace)
        for space in ["noise", "bottleneck"] {
            let latent = try ok(["edit-latent", "encode", "--space", space, "a.png"], in: workspace)
            XCTAssertEqual(try ok(["edit-latent", "decode"], stdin: latent), projected, space)
        }
        try workspace.write(try ok(["edit-latent", "encode", "--space", "bottleneck", "a.png"], in: workspace), to: "a.latent")
        try refused(["edit-latent", "decode", "--space", "noise", "a.latent"], status: 1, containing: "--space bottleneck",
                    in: workspace)
        try refused(["edit-latent", "decode"], status: 1, containing: "stdin", stdin: Array("garbage".utf8))
        // Several inputs into a folder.
        try refused(["edit-latent", "encode", "a.png", "b.png", "-o", "two.latent"], status: 64, containing: "DIR/", in: workspace)
        try ok(["edit-latent", "encode", "a.png", "b.png", "-o", "latents/"], in: workspace)
        XCTAssertEqual(try workspace.contents("latents"), ["a.latent", "b.latent"])
        // Interpolation: a strip whose ends are the decodes, or frames into a folder.
        let strip = try decode(ok(["edit-latent", "interpolate", "a.png", "latents/b.latent", "--frames", "5"], in: workspace))
        XCTAssertEqual([strip.width, strip.height], [5 * 28 + 4 * 2, 28])
        XCTAssertEqual(try strip.cropped(x: 0, y: 0, width: 28, height: 28), try decode(projected))
        try ok(["edit-latent", "interpolate", "a.png", "b.png", "--frames", "3", "-o", "frames/"], in: workspace)
        XCTAssertEqual(try workspace.contents("frames"), ["frame-01.png", "frame-02.png", "frame-03.png"])
        // Mixing: A - B + B is A.
        XCTAssertEqual(try ok(["edit-latent", "mix", "A - B + B", "a.png", "b.png"], in: workspace), projected)
        try refused(["edit-latent", "mix", "A + C", "a.png", "b.png"], status: 64, containing: "'C'", in: workspace)
        try refused(["edit-latent", "mix", "A +", "a.png"], status: 64, containing: "expression", in: workspace)
        // A sampled latent decodes to what generate makes from the same seed.
        let sample = try ok(["edit-latent", "sample", "--seed", "4"])
        XCTAssertEqual(try ok(["edit-latent", "decode"], stdin: sample), try ok(["generate", "--seed", "4"]))
    }

    func testMakefileRunsEachCommandOnAFolder() throws {
        let workspace = try Workspace()
        try FileManager.default.createDirectory(atPath: workspace.file("clean"), withIntermediateDirectories: true)
        try workspace.write(example("fashion-pullover.png"), to: "clean/a.png")
        try workspace.write(example("fashion-ankle-boot.png"), to: "clean/b.png")
        let make = "make -f \(examples.appendingPathComponent("Makefile").path) -j2 IGN=\(IGNProcess.executable.path)"
        for command in ["SRC=clean OUT=noisy COMMAND=degrade FLAGS='--noise 0.4'", "SRC=noisy OUT=denoised COMMAND=denoise",
                        "SRC=clean OUT=pasted COMMAND=composite OVERLAY=clean/b.png AT=10,10"] {
            let made = try IGNProcess.shell("\(make) \(command)", directory: workspace.path)
            XCTAssertEqual(made.status, 0, String(decoding: made.stdout, as: UTF8.self))
        }
        for folder in ["noisy", "denoised", "pasted"] { XCTAssertEqual(try workspace.contents(folder), ["a.png", "b.png"]) }
    }

    private func psnr(_ a: Image, _ b: Image) -> Double {
        var total = 0.0
        for (x, y) in zip(a.samples, b.samples) { total += pow((Double(x) - Double(y)) / 65535, 2) }
        return 10 * log10(Double(a.samples.count) / max(total, 1e-12))
    }
}
