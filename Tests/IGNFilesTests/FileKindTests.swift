import XCTest
@testable import IGNFiles

final class FileKindTests: XCTestCase {
    func testKinds() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ign-kind-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/f.png"
        FileManager.default.createFile(atPath: file, contents: Data([1, 2, 3]))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: folder)
        XCTAssertEqual(FileKind(path: folder), .folder)
        XCTAssertEqual(FileKind(path: folder + "/link"), .folder)   // links are followed
        XCTAssertEqual(FileKind(path: file), .other)
        XCTAssertEqual(FileKind(path: "/dev/null"), .other)
        XCTAssertEqual(FileKind(path: folder + "/missing"), .missing)
        XCTAssertEqual(readPrefix(of: file, count: 2), [1, 2])
        XCTAssertEqual(readPrefix(of: file, count: 8), [1, 2, 3])
        XCTAssertNil(readPrefix(of: folder + "/missing", count: 8))
    }
}
