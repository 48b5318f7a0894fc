#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import XCTest
@testable import IGNFiles

/// What `AtomicFileWriter` makes of a path, in process (IGNFiles has no test target of its own).
final class WriteTargetTests: XCTestCase {
    func testStreamsFilesAndLinks() throws {
        let workspace = try Workspace()
        XCTAssertEqual(try WriteTarget.resolve("/dev/null"), .stream)
        XCTAssertEqual(mkfifo(workspace.file("fifo"), 0o600), 0)
        XCTAssertEqual(try WriteTarget.resolve(workspace.file("fifo")), .stream)
        XCTAssertEqual(try WriteTarget.resolve(workspace.file("new.png")), .file(path: workspace.file("new.png"), replacing: nil))

        try workspace.write([1, 2, 3], to: "file.png")
        XCTAssertEqual(chmod(workspace.file("file.png"), 0o640), 0)
        XCTAssertEqual(symlink("file.png", workspace.file("link")), 0)
        XCTAssertEqual(symlink(workspace.file("link"), workspace.file("absolute")), 0)
        for name in ["file.png", "link", "absolute"] {
            guard case .file(let path, let existing) = try WriteTarget.resolve(workspace.file(name)) else {
                return XCTFail(name)
            }
            XCTAssertEqual(path, workspace.file("file.png"), name)
            XCTAssertEqual(existing?.mode, 0o640, name)
            XCTAssertEqual(existing?.owner, geteuid(), name)
        }
    }

    func testRefusals() throws {
        let workspace = try Workspace()
        XCTAssertThrowsError(try WriteTarget.resolve(workspace.path)) {
            XCTAssertEqual(($0 as? FileWriteError)?.reason, String(cString: strerror(EISDIR)))
        }
        XCTAssertEqual(symlink("loop-b", workspace.file("loop-a")), 0)
        XCTAssertEqual(symlink("loop-a", workspace.file("loop-b")), 0)
        XCTAssertThrowsError(try WriteTarget.resolve(workspace.file("loop-a")))
        XCTAssertThrowsError(try AtomicFileWriter.write([1], to: workspace.path))
    }

    func testAFailedWriteLeavesNothing() throws {
        let workspace = try Workspace()
        try FileManager.default.createDirectory(atPath: workspace.file("folder"), withIntermediateDirectories: false)
        try AtomicFileWriter.write([1, 2, 3], to: workspace.file("folder/a"))
        XCTAssertEqual(try workspace.read("folder/a"), [1, 2, 3])
        try AtomicFileWriter.write([4], to: workspace.file("folder/a"))
        XCTAssertEqual(try workspace.read("folder/a"), [4])
        XCTAssertEqual(try workspace.contents("folder"), ["a"])
        XCTAssertThrowsError(try AtomicFileWriter.write([1], to: workspace.file("missing/a")))
        XCTAssertEqual(try workspace.contents(), ["folder"])
    }
}
