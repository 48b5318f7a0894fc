#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import IGNImage
import XCTest

/// `--max-memory` against the real binary: `-j N` workers share the one budget, and a
/// command's working set is counted before an image is decoded.
final class MemoryBudgetEndToEndTests: XCTestCase {
    /// Runs ign under `/usr/bin/time` and returns the result and its peak resident set in bytes.
    private func measured(_ arguments: [String], in workspace: Workspace) throws -> (IGNProcess.Result, Int) {
        let time = "/usr/bin/time"
        guard FileManager.default.isExecutableFile(atPath: time) else { throw XCTSkip("no \(time) to measure with") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: time)
        process.arguments = ["-f", "peak %M"] + [IGNProcess.executable.path] + arguments
        process.currentDirectoryURL = workspace.url
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let line = text.split(separator: "\n").last { $0.hasPrefix("peak ") } ?? ""
        let kilobytes = Int(line.dropFirst(5)) ?? 0
        return (IGNProcess.Result(status: process.terminationStatus, stdout: [], stderr: text, terminatedBySignal: false),
                kilobytes * 1024)
    }

    /// Four 4000×4000 gray images (31 MiB of samples each) under a 40 MiB budget: one fits
    /// at a time. With -j 4 the workers wait for each other, so the peak stays that of -j 1
    /// (before, all four were decoded at once: about 90 MB more), and every output is written.
    func testConcurrentImagesShareTheOneBudget() throws {
        let workspace = try Workspace()
        let image = try Image(width: 4000, height: 4000, colorModel: .gray, fill: [0])
        let bytes = try png(image)
        let names = (0..<4).map { "big-\($0).png" }
        for name in names { try workspace.write(bytes, to: name) }
        let (alone, peakAlone) = try measured(["convert", "--max-memory", "40M", "-j", "1", "-o", "one/"] + names,
                                              in: workspace)
        XCTAssertEqual(alone.status, 0, alone.stderr)
        let (together, peakTogether) = try measured(["convert", "--max-memory", "40M", "-j", "4", "-o", "four/"] + names,
                                                    in: workspace)
        XCTAssertEqual(together.status, 0, together.stderr)
        XCTAssertEqual(try workspace.contents("four"), names)
        for name in names { XCTAssertEqual(try workspace.read("four/" + name), try workspace.read("one/" + name)) }
        // With room for all four, they are worked on at once: the budget is what held them back.
        let (unbounded, peakUnbounded) = try measured(["convert", "--max-memory", "1G", "-j", "4", "-o", "all/"] + names,
                                                      in: workspace)
        XCTAssertEqual(unbounded.status, 0, unbounded.stderr)
        print("4 × 4000×4000 gray: peak \(peakAlone >> 20) MiB with -j 1, \(peakTogether >> 20) MiB with -j 4 "
              + "and --max-memory 40M, \(peakUnbounded >> 20) MiB with -j 4 and 1G")
        XCTAssertLessThan(peakTogether, peakAlone + (16 << 20), "one image's samples at a time")
        XCTAssertGreaterThan(peakUnbounded, peakAlone + (40 << 20), "several images at once when they fit")
    }

    /// An image that convert admits is refused by degrade --sketch, whose blurred luma takes
    /// 4 bytes a pixel more, from its header, in one line naming the file; a smaller one passes.
    func testACommandsWorkingSetIsCountedBeforeDecoding() throws {
        let workspace = try Workspace()
        try workspace.write(png(Image(width: 2000, height: 2000, colorModel: .gray, fill: [30000])), to: "big.png")
        try workspace.write(png(Image(width: 500, height: 500, colorModel: .gray, fill: [30000])), to: "small.png")
        let converted = try IGNProcess.run(["convert", "--max-memory", "10M", "big.png", "-o", "c.png"], directory: workspace.path)
        XCTAssertEqual(converted.status, 0, converted.stderr)
        let sketched = try IGNProcess.run(["degrade", "--sketch", "--max-memory", "10M", "big.png", "-o", "s.png"],
                                          directory: workspace.path)
        XCTAssertEqual(sketched.status, 1)
        XCTAssertEqual(sketched.stderr, "ign: big.png: image is 2000x2000 gray: decoding and working on it need 16 MiB, "
                       + "over the memory budget of 10 MiB (see --max-memory)\n")
        XCTAssertFalse(workspace.exists("s.png"))
        let small = try IGNProcess.run(["degrade", "--sketch", "--max-memory", "10M", "small.png", "-o", "s.png"],
                                       directory: workspace.path)
        XCTAssertEqual(small.status, 0, small.stderr)
    }

    /// Workers waiting for room in the budget stop on a signal at once, like the rest.
    func testAWaitingWorkerStopsOnASignal() throws {
        let workspace = try Workspace()
        let bytes = try png(Image(width: 4000, height: 4000, colorModel: .gray, fill: [0]))
        let names = (0..<6).map { "big-\($0).png" }
        for name in names { try workspace.write(bytes, to: name) }
        let process = Process()
        process.executableURL = IGNProcess.executable
        process.arguments = ["degrade", "--noise", "0.1", "--max-memory", "40M", "-j", "3", "-o", "out/"] + names
        process.currentDirectoryURL = workspace.url
        process.standardError = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var endedAt = Date.distantFuture
        process.terminationHandler = { _ in endedAt = Date(); ended.signal() }
        try process.run()
        usleep(400_000)   // one worker decodes or degrades, two wait
        XCTAssertTrue(process.isRunning)
        let sent = Date()
        kill(process.processIdentifier, SIGTERM)
        ended.wait()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(process.terminationStatus, SIGTERM)
        XCTAssertLessThan(endedAt.timeIntervalSince(sent), 2)
        let left = FileManager.default.enumerator(atPath: workspace.path)?.allObjects as? [String] ?? []
        XCTAssertEqual(left.filter { $0.contains(".ign-") }, [])
    }
}
