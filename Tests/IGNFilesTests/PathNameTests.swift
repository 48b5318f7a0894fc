import XCTest
@testable import IGNFiles

final class PathNameTests: XCTestCase {
    func testLastComponent() {
        XCTAssertEqual(PathName.lastComponent("a/b.png"), "b.png")
        XCTAssertEqual(PathName.lastComponent("b.png"), "b.png")
        XCTAssertEqual(PathName.lastComponent("a/b/"), "b")
        XCTAssertEqual(PathName.lastComponent("/"), "/")
        XCTAssertEqual(PathName.lastComponent("//a//b"), "b")
    }

    func testExtension() {
        XCTAssertEqual(PathName.fileExtension("a/b.tar.gz"), "gz")
        XCTAssertEqual(PathName.fileExtension("out.PNG"), "PNG")
        XCTAssertEqual(PathName.fileExtension("a.d/b"), "")
        XCTAssertEqual(PathName.fileExtension(".profile"), "")
        XCTAssertEqual(PathName.fileExtension("f"), "")
        XCTAssertEqual(PathName.fileExtension("dir.png/"), "png")
    }

    func testDeletingExtension() {
        XCTAssertEqual(PathName.deletingExtension("a/b.png"), "a/b")
        XCTAssertEqual(PathName.deletingExtension("b.tar.gz"), "b.tar")
        XCTAssertEqual(PathName.deletingExtension(".profile"), ".profile")
        XCTAssertEqual(PathName.deletingExtension("a.d/b"), "a.d/b")
        XCTAssertEqual(PathName.deletingExtension("f"), "f")
        XCTAssertEqual(PathName.deletingExtension("dir/file."), "dir/file")
        XCTAssertEqual(PathName.deletingExtension(".."), "..")
        XCTAssertEqual(PathName.fileExtension("file."), "")
    }

    func testParentFolder() {
        XCTAssertEqual(PathName.parentFolder(of: "f"), "")
        XCTAssertEqual(PathName.parentFolder(of: "a/b/c.png"), "a/b")
        XCTAssertEqual(PathName.parentFolder(of: "/c.png"), "/")
    }

    func testJoining() {
        XCTAssertEqual(PathName.joining("out", "a.png"), "out/a.png")
        XCTAssertEqual(PathName.joining("out/", "a.png"), "out/a.png")
        XCTAssertEqual(PathName.joining("/", "a.png"), "/a.png")
        XCTAssertEqual(PathName.joining("", "a.png"), "a.png")
        XCTAssertEqual(PathName.joining("out", ""), "out")
    }
}
