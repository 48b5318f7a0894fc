#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import IGNFiles

/// Whole-file reads and writes on file descriptors, stdin and stdout.
enum StandardStreams {
    /// Whether stdout is a terminal.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
    /// Whether stdin is a terminal.
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) != 0 }

    /// Reads everything from stdin, refusing more than `limit` bytes.
    static func readStandardInput(limit: Int = .max) throws -> [UInt8] {
        try readAll(from: STDIN_FILENO, limit: limit)
    }

    /// Reads a whole file, refusing one of more than `limit` bytes (before reading it).
    static func readFile(_ path: String, limit: Int = .max) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw CommandError.cannotRead(lastErrorText()) }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw CommandError.cannotRead("is a directory")
        }
        if (status.st_mode & S_IFMT) == S_IFREG && Int(status.st_size) > limit { throw tooLarge(limit) }
        return try readAll(from: descriptor, limit: limit)
    }

    /// The refusal of an input over the memory budget.
    private static func tooLarge(_ limit: Int) -> CommandError {
        .cannotRead("the file is larger than the memory budget of \(limit >> 20) MiB (see --max-memory)")
    }

    private static func readAll(from descriptor: Int32, limit: Int) throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CommandError.cannotRead(lastErrorText())
            }
            if count == 0 { return result }
            if result.count + count > limit { throw tooLarge(limit) }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    /// Writes all bytes to stdout. A closed pipe (EPIPE) ends the process quietly, as SIGPIPE would.
    static func writeStandardOutput(_ bytes: [UInt8]) throws {
        do {
            try writeAll(bytes, to: STDOUT_FILENO)
        } catch let error as DescriptorWriteError where error.code == EPIPE {
            BrokenPipe.terminate()
        } catch {
            throw CommandError.cannotWrite("stdout: \(error)")
        }
    }

    static func lastErrorText() -> String { String(cString: strerror(errno)) }
}

/// SIGPIPE handling: writes to a closed pipe return EPIPE, and the process then ends the way
/// `yes | head -1` ends `yes` — killed by SIGPIPE, with no message.
enum BrokenPipe {
    /// Makes writes to a closed pipe fail with EPIPE instead of killing the process mid-write.
    static func reportAsError() { signal(SIGPIPE, SIG_IGN) }

    /// Ends the process by SIGPIPE, the conventional quiet status for a closed pipe.
    static func terminate() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        _exit(141)
    }
}
