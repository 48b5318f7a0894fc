#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import IGNImage
import XCTest

/// `-o` respects what it names: FIFOs and devices are written in place, symbolic links are
/// followed and kept, a replaced file keeps its mode, `/dev/stdout` is stdout.
final class DestinationEndToEndTests: XCTestCase {
    private func fileType(_ path: String) -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return status.st_mode & S_IFMT
    }

    private func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o7777
    }

    private func workspaceWithInput() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.write(png(sampleImage()), to: "in.png")
        return workspace
    }

    func testAFIFOIsWrittenInPlaceForItsReader() throws {
        let workspace = try workspaceWithInput()
        let fifo = workspace.file("pipe")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        nonisolated(unsafe) var received = Data()
        let reader = DispatchGroup()
        DispatchQueue.global().async(group: reader) {
            // Opening for reading waits for ign to open the FIFO for writing.
            if let handle = FileHandle(forReadingAtPath: fifo) { received = handle.readDataToEndOfFile() }
        }
        let result = try IGNProcess.run(["convert", "in.png", "-o", "pipe"], directory: workspace.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        let finished = reader.wait(timeout: .now() + 10)
        if finished == .timedOut {
            // ign never opened the FIFO: open it here, so that the reader sees an end of file and ends.
            close(open(fifo, O_WRONLY | O_NONBLOCK))
        }
        XCTAssertEqual(finished, .success, "the reader got an end of file")
        XCTAssertEqual(try Image.decode([UInt8](received)).image, try sampleImage())
        XCTAssertEqual(fileType(fifo), S_IFIFO, "still a FIFO")
        XCTAssertEqual(try workspace.contents(), ["in.png", "pipe"], "no temporary file beside it")
    }

    func testSymbolicLinksAreFollowedAndKept() throws {
        let workspace = try workspaceWithInput()
        try workspace.write(Array("old".utf8), to: "target.png")
        XCTAssertEqual(symlink("target.png", workspace.file("link.png")), 0)
        try FileManager.default.createDirectory(atPath: workspace.file("sub"), withIntermediateDirectories: false)
        // A chain: sub/chain.png -> ../link.png -> target.png, relative to each link's folder.
        XCTAssertEqual(symlink("../link.png", workspace.file("sub/chain.png")), 0)
        for output in ["link.png", "sub/chain.png"] {
            try workspace.write(Array("old".utf8), to: "target.png")
            let result = try IGNProcess.run(["convert", "in.png", "-o", output], directory: workspace.path)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(fileType(workspace.file("link.png")), S_IFLNK, output)
            XCTAssertEqual(fileType(workspace.file("sub/chain.png")), S_IFLNK, output)
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: workspace.file("link.png")), "target.png")
            XCTAssertEqual(try Image.decode(workspace.read("target.png")).image, try sampleImage(), output)
        }
        XCTAssertEqual(try workspace.contents(), ["in.png", "link.png", "sub", "target.png"])
        XCTAssertEqual(try workspace.contents("sub"), ["chain.png"])

        // A dangling link: its target is created, as `> link` in a shell would.
        XCTAssertEqual(symlink("made.png", workspace.file("dangling.png")), 0)
        XCTAssertEqual(try IGNProcess.run(["convert", "in.png", "-o", "dangling.png"], directory: workspace.path).status, 0)
        XCTAssertEqual(fileType(workspace.file("dangling.png")), S_IFLNK)
        XCTAssertEqual(ImageFormat.sniff(try workspace.read("made.png")), .png)
    }

    func testAReplacedFileKeepsItsMode() throws {
        let workspace = try workspaceWithInput()
        for wanted: mode_t in [0o600, 0o640, 0o751] {
            try workspace.write(Array("old".utf8), to: "out.png")
            XCTAssertEqual(chmod(workspace.file("out.png"), wanted), 0)
            let result = try IGNProcess.run(["convert", "in.png", "-o", "out.png"], directory: workspace.path)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(mode(workspace.file("out.png")), wanted)
            XCTAssertEqual(ImageFormat.sniff(try workspace.read("out.png")), .png)
        }
        // A new file gets what `>` would give it: 0666 less the umask.
        let mask = umask(0o022)
        umask(mask)
        XCTAssertEqual(try IGNProcess.run(["convert", "in.png", "-o", "new.png"], directory: workspace.path).status, 0)
        XCTAssertEqual(mode(workspace.file("new.png")), 0o666 & ~mask)
    }

    func testDevNullStaysACharacterDevice() throws {
        var before = stat()
        guard stat("/dev/null", &before) == 0, before.st_mode & S_IFMT == S_IFCHR else {
            throw XCTSkip("/dev/null is not a character device here")
        }
        let workspace = try workspaceWithInput()
        let result = try IGNProcess.run(["convert", "in.png", "-o", "/dev/null"], directory: workspace.path)
        var after = stat()
        let intact = lstat("/dev/null", &after) == 0 && after.st_mode & S_IFMT == S_IFCHR && after.st_rdev == before.st_rdev
        if !intact && geteuid() == 0 {
            // Put the machine's /dev/null back before failing.
            unlink("/dev/null")
            mknod("/dev/null", S_IFCHR | 0o666, before.st_rdev)
            chmod("/dev/null", 0o666)
        }
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(intact, "/dev/null is no longer the same character device")
        XCTAssertEqual(after.st_mode & 0o7777, before.st_mode & 0o7777)
    }

    func testDevStdoutAndLinksToItReachStdout() throws {
        let workspace = try workspaceWithInput()
        let dash = try IGNProcess.run(["convert", "in.png", "-o", "-"], directory: workspace.path)
        XCTAssertEqual(dash.status, 0, dash.stderr)
        let named = try IGNProcess.run(["convert", "in.png", "-o", "/dev/stdout"], directory: workspace.path)
        XCTAssertEqual(named.status, 0, named.stderr)
        XCTAssertEqual(named.stdout, dash.stdout)
        // A link to /proc/self/fd/1 names ign's own stdout, a pipe here: written in place.
        guard FileManager.default.fileExists(atPath: "/proc/self/fd/1") else { throw XCTSkip("no /proc") }
        XCTAssertEqual(symlink("/proc/self/fd/1", workspace.file("out")), 0)
        let linked = try IGNProcess.run(["convert", "in.png", "-o", "out"], directory: workspace.path)
        XCTAssertEqual(linked.status, 0, linked.stderr)
        XCTAssertEqual(linked.stdout, dash.stdout)
        XCTAssertEqual(fileType(workspace.file("out")), S_IFLNK)
        // Several inputs to stdout, under any of its names, are still refused.
        let several = try IGNProcess.run(["convert", "in.png", "in.png", "-o", "/dev/stdout"], directory: workspace.path)
        XCTAssertEqual(several.status, 64)
    }

    func testSocketsAndTerminalsAreRefusedInOneLine() throws {
        let workspace = try workspaceWithInput()
        let socketPath = workspace.file("sock")
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw XCTSkip("cannot bind a Unix socket in \(workspace.path)") }
        let result = try IGNProcess.run(["convert", "in.png", "-o", "sock"], directory: workspace.path)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "ign: in.png: sock: cannot write: is a socket, not a file\n")
        XCTAssertEqual(fileType(socketPath), S_IFSOCK)

        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("no script(1)") }
        // script(1) gives ign a controlling terminal, which /dev/tty names.
        let terminal = try IGNProcess.shell("script -qec 'ign convert in.png -o /dev/tty' /dev/null", directory: workspace.path)
        let text = String(decoding: terminal.stdout, as: UTF8.self)
        XCTAssertNotEqual(terminal.status, 0)
        XCTAssertTrue(text.contains("is a terminal"), text)
        XCTAssertFalse(text.contains("PNG"), text)
    }
}
