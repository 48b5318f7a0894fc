import CKernels
import Foundation
import XCTest

/// `ign_grow_heap_on_huge_pages`, which `ProcessHeap.prepareForModel` calls before a model loads.
final class ProcessHeapTests: XCTestCase {
    /// The range the function reports is advised: the mappings covering it carry VmFlags "hg"
    /// in /proc/self/smaps — unless the kernel has no transparent huge pages.
    func testTheGrownRangeIsAdvisedHugePages() throws {
        let setting = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? ""
        try XCTSkipIf(setting.isEmpty, "this kernel has no transparent huge pages")
        XCTAssertEqual(ign_grow_heap_on_huge_pages(3 << 20, nil, nil), 0, "under 4 MiB: nothing to advise")
        var start: UInt = 0, end: UInt = 0
        XCTAssertEqual(ign_grow_heap_on_huge_pages(16 << 20, &start, &end), 1)
        XCTAssertGreaterThanOrEqual(end - start, 14 << 20, "every whole 2 MiB page of the block")
        XCTAssertEqual(start % (2 << 20), 0)
        let covering = try mappings().filter { $0.range.lowerBound < end && start < $0.range.upperBound }
        XCTAssertFalse(covering.isEmpty)
        XCTAssertTrue(covering.allSatisfy(\.advised), "\(covering)")
    }

    /// The process's mappings and whether each is advised MADV_HUGEPAGE (/proc/self/smaps).
    private func mappings() throws -> [(range: Range<UInt>, advised: Bool)] {
        let file = try XCTUnwrap(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        defer { try? file.close() }
        let smaps = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)   // a size-0 /proc file: read to the end
        var result: [(range: Range<UInt>, advised: Bool)] = []
        for line in smaps.split(separator: "\n") {
            let words = line.split(separator: " ")
            if let first = words.first, first.contains("-"), let bounds = Optional(first.split(separator: "-")),
               bounds.count == 2, let low = UInt(bounds[0], radix: 16), let high = UInt(bounds[1], radix: 16) {
                result.append((low..<high, false))
            } else if line.hasPrefix("VmFlags:"), !result.isEmpty {
                result[result.count - 1].advised = words.contains("hg")
            }
        }
        return result
    }
}
