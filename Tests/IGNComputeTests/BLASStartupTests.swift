import CBLASStartup
import Foundation
@testable import IGNCompute
import XCTest

/// OpenBLAS starts without worker threads in a process that links the engine, and the
/// process keeps every CPU it was started with (`CBLASStartup`).
final class BLASStartupTests: XCTestCase {
    func testOpenBLASStartedSingleThreadedAndTheCPUsCameBack() throws {
        let atStartup = Int(ign_blas_cpus_at_startup())
        try XCTSkipIf(atStartup < 2, "started on one CPU: OpenBLAS starts no threads anyway")
        XCTAssertEqual(ign_blas_threads_at_startup(), 1)
        XCTAssertEqual(try allowedCPUs(), atStartup, "start-up left the process on fewer CPUs than it began with")
    }

    /// The CPUs this process may run on, from /proc/self/status ("Cpus_allowed_list: 0-1,4").
    private func allowedCPUs() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") })
        let list = line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)
        return try list.split(separator: ",").reduce(0) { count, item in
            let bounds = item.split(separator: "-").compactMap { Int($0) }
            let (low, high) = (try XCTUnwrap(bounds.first), try XCTUnwrap(bounds.last))
            return count + high - low + 1
        }
    }
}
