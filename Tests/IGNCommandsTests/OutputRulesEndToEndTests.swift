import Foundation
import IGNImage
import XCTest

/// Ambiguous outputs are refused before any work, not guessed.
final class OutputRulesEndToEndTests: XCTestCase {
    private func workspaceWithInputs() throws -> Workspace {
        let workspace = try Workspace()
        for name in ["a.png", "b.png"] { try workspace.write(png(sampleImage()), to: name) }
        return workspace
    }

    func testAnUnknownExtensionNeedsFormat() throws {
        let workspace = try workspaceWithInputs()
        for name in ["out.gif", "out.tif", "out.xyz"] {
            let refused = try IGNProcess.run(["convert", "a.png", "-o", name], directory: workspace.path)
            XCTAssertEqual(refused.status, 64, name)
            XCTAssertTrue(refused.stderr.contains("--format"), refused.stderr)
        }
        XCTAssertEqual(try workspace.contents(), ["a.png", "b.png"])
        let told = try IGNProcess.run(["convert", "a.png", "-o", "out.gif", "--format", "jpeg", "--flatten"],
                                      directory: workspace.path)
        XCTAssertEqual(told.status, 0, told.stderr)
        XCTAssertEqual(ImageFormat.sniff(try workspace.read("out.gif")), .jpeg)
        // No extension: the input's format, as before.
        XCTAssertEqual(try IGNProcess.run(["convert", "a.png", "-o", "plain"], directory: workspace.path).status, 0)
        XCTAssertEqual(ImageFormat.sniff(try workspace.read("plain")), .png)
    }

    func testSeveralOutputsIntoOneImageNameAreRefused() throws {
        let workspace = try workspaceWithInputs()
        let refused = try IGNProcess.run(["convert", "a.png", "b.png", "-o", "out.png"], directory: workspace.path)
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.stderr.contains("-o DIR/"), refused.stderr)
        let suffixed = try IGNProcess.run(["convert", "a.png", "--suffix", "-x", "-o", "out.png"], directory: workspace.path)
        XCTAssertEqual(suffixed.status, 64)
        let generated = try IGNProcess.run(["generate", "--count", "3", "-o", "g.png"], directory: workspace.path)
        XCTAssertEqual(generated.status, 64, generated.stderr)
        XCTAssertEqual(try workspace.contents(), ["a.png", "b.png"], "no folder named like an image")
        // A name without an image extension is a folder, as is one ending in '/'.
        XCTAssertEqual(try IGNProcess.run(["convert", "a.png", "b.png", "-o", "out.d"], directory: workspace.path).status, 0)
        XCTAssertEqual(try workspace.contents("out.d"), ["a.png", "b.png"])
        XCTAssertEqual(try IGNProcess.run(["convert", "a.png", "b.png", "-o", "odd.png/"], directory: workspace.path).status, 0)
        XCTAssertEqual(try workspace.contents("odd.png"), ["a.png", "b.png"])
    }

    func testASingleFileNeedsItsFolderButAFolderIsCreated() throws {
        let workspace = try workspaceWithInputs()
        let missing = try IGNProcess.run(["convert", "a.png", "-o", "missing/sub/o.png"], directory: workspace.path)
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr.filter { $0 == "\n" }.count, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.hasPrefix("ign: missing/sub: "), missing.stderr)
        XCTAssertFalse(workspace.exists("missing"))

        let slash = try IGNProcess.run(["convert", "a.png", "-o", "made/deeper/"], directory: workspace.path)
        XCTAssertEqual(slash.status, 0, slash.stderr)
        XCTAssertEqual(try workspace.contents("made/deeper"), ["a.png"])
        let several = try IGNProcess.run(["convert", "a.png", "b.png", "-o", "many/deeper"], directory: workspace.path)
        XCTAssertEqual(several.status, 0, several.stderr)
        XCTAssertEqual(try workspace.contents("many/deeper"), ["a.png", "b.png"])
    }

    func testTwoInputsForOneOutputAreRefusedBeforeAnyWork() throws {
        let workspace = try workspaceWithInputs()
        try FileManager.default.createDirectory(atPath: workspace.file("x"), withIntermediateDirectories: false)
        try workspace.write(png(sampleImage()), to: "x/a.png")
        let result = try IGNProcess.run(["convert", "a.png", "x/a.png", "-o", "out/"], directory: workspace.path)
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("would both be written to out/a.png"), result.stderr)
        XCTAssertFalse(workspace.exists("out"), "nothing done, not even the folder")
    }
}
