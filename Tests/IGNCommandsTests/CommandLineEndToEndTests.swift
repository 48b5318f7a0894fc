import Foundation
import XCTest

/// Root command behaviour: help, plugins.
final class CommandLineEndToEndTests: XCTestCase {
    func testHelpListsTheMissionSubcommands() throws {
        let help = try IGNProcess.run(["--help"])
        XCTAssertEqual(help.status, 0)
        let text = String(decoding: help.stdout, as: UTF8.self)
        for name in ["convert", "info", "project", "denoise", "colorize", "composite", "edit-latent", "train", "eval",
                     "generate", "degrade", "models"] {
            XCTAssertTrue(text.contains("  \(name) "), "help lacks \(name)")
        }
    }

    func testUsageErrorsAreOneLineNamingTheSubcommandsHelp() throws {
        for (arguments, text) in [(["help", "nosuch"], "no subcommand 'nosuch'"),
                                  (["convert", "--list"], "--list is an option of ign itself"),
                                  (["project", "--bogus"], "(see 'ign project --help')"),
                                  (["edit-latent", "mix", "A + B", "a.png"], "(see 'ign edit-latent mix --help')")] {
            let result = try IGNProcess.run(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments)")
            XCTAssertTrue(result.stderr.hasPrefix("ign: ") && result.stderr.contains(text), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
        XCTAssertEqual(try IGNProcess.run(["help", "project"]).status, 0)
    }

    func testPluginsRunFromPathWithTheirExitStatus() throws {
        let workspace = try Workspace()
        let script = workspace.file("ign-hello")
        try "#!/bin/sh\necho \"hello $*\"\nread line\necho \"stdin: $line\"\nexit 3\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = workspace.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let result = try IGNProcess.run(["hello", "a", "--b"], stdin: Array("piped\n".utf8), environment: environment)
        XCTAssertEqual(result.status, 3)
        XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self), "hello a --b\nstdin: piped\n")

        let list = try IGNProcess.run(["--list"], environment: environment)
        let text = String(decoding: list.stdout, as: UTF8.self)
        XCTAssertTrue(text.contains("hello") && text.contains(script), text)
        XCTAssertTrue(text.contains("convert"), text)
    }

    func testUnknownCommandWithoutPluginIsAUsageError() throws {
        let result = try IGNProcess.run(["no-such-thing"], environment: ["PATH": "/nonexistent"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("ign-no-such-thing"), result.stderr)
    }
}
