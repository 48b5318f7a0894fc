import Foundation
@testable import IGNCommands
import XCTest

/// The committed manual pages in man/ are exactly what the command tree generates.
/// `IGN_UPDATE_MANUAL=1 swift test --filter ManualPageTests` rewrites them.
final class ManualPageTests: XCTestCase {
    private let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../man")
        .standardized

    func testCommittedPagesMatchTheCommandTree() throws {
        let dump = try IGNProcess.run(["--experimental-dump-help"])
        XCTAssertEqual(dump.status, 0, dump.stderr)
        let pages = try ManualPages.render(dumpJSON: Data(dump.stdout))
        XCTAssertTrue(pages.keys.contains("ign.1") && pages.keys.contains("ign-denoise.1")
                      && pages.keys.contains("ign-edit-latent-mix.1"), "\(pages.keys.sorted())")
        if ProcessInfo.processInfo.environment["IGN_UPDATE_MANUAL"] == "1" {
            for old in try FileManager.default.contentsOfDirectory(atPath: folder.path) where old.hasSuffix(".1") {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(old))
            }
            for (name, text) in pages { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        }
        let committed = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".1") }
        XCTAssertEqual(committed.sorted(), pages.keys.sorted(), "pages added or removed: regenerate man/")
        for (name, text) in pages {
            let file = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            XCTAssertEqual(file, text, "man/\(name) differs from the command tree: IGN_UPDATE_MANUAL=1 swift test --filter ManualPageTests")
        }
        // Non-ASCII text survives, and every page states its exit statuses and environment.
        XCTAssertTrue(pages["ign-project.1"]!.contains("f∘f"))
        for text in pages.values { XCTAssertTrue(text.contains(".Sh EXIT STATUS") && text.contains("IGN_MODEL")) }
    }
}
