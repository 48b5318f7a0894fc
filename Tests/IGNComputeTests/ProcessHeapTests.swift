import CKernels
import Foundation
import XCTest

/// `ign_grow_heap_on_huge_pages`, which `ProcessHeap.prepareForModel` calls before a model loads.
final class ProcessHeapTests: XCTestCase {
    /// The heap grows by the size asked for and the new range carries the huge-page advice
    /// (VmFlags "hg" in /proc/self/smaps; the kernel splits it off the heap's mapping) —
    /// unless the kernel has no transparent huge pages.
    func testTheGrownHeapIsAdvisedHugePages() throws {
        let setting = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? ""
        try XCTSkipIf(setting.isEmpty, "this kernel has no transparent huge pages")
        XCTAssertEqual(ign_grow_heap_on_huge_pages(3 << 20), 0, "under 4 MiB: nothing to advise")
        XCTAssertEqual(ign_grow_heap_on_huge_pages(16 << 20), 1)
        // At least the block's whole 2 MiB pages are advised (in a process that loaded a model
        // before, the block may lie in a range advised then, which the kernel keeps as one mapping).
        XCTAssertGreaterThanOrEqual(try advisedBytes(), 14 << 20, "the range is advised MADV_HUGEPAGE")
    }

    /// Bytes of the mappings whose VmFlags include "hg" (/proc/self/smaps).
    private func advisedBytes() throws -> Int {
        let file = try XCTUnwrap(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        defer { try? file.close() }
        let smaps = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)   // a size-0 /proc file: read to the end
        var size = 0, total = 0
        for line in smaps.split(separator: "\n") {
            let words = line.split(separator: " ")
            if line.hasPrefix("Size:"), let kilobytes = Int(words[1]) { size = kilobytes << 10 }
            if line.hasPrefix("VmFlags:") && words.contains("hg") { total += size }
        }
        return total
    }
}
