#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials
import IGNFiles

/// Serialised access to stderr: error lines and the progress bar never interleave.
public final class Console: @unchecked Sendable {
    /// The process's console.
    public static let shared = Console()

    private let lock = Lock()
    private var progressLine: String?

    /// Whether stderr is a terminal (progress bars are shown only then).
    public let stderrIsTerminal = isatty(STDERR_FILENO) != 0

    /// Prints `ign: SUBJECT: MESSAGE` (or `ign: MESSAGE`) on stderr.
    public func error(_ message: String, subject: String? = nil) {
        let line = "ign: " + (subject.map { "\($0): " } ?? "") + message
        lock.withLock {
            clearProgress()
            writeStandardError(line + "\n")
            if let progressLine { writeStandardError(progressLine) }
        }
    }

    /// An informational line on stderr (`ign: MESSAGE`), like an error but not one.
    public func note(_ message: String) { error(message) }

    /// Replaces the progress line (call only when ``stderrIsTerminal``).
    func showProgress(_ line: String) {
        lock.withLock {
            progressLine = "\r\u{1B}[K" + line
            writeStandardError(progressLine!)
        }
    }

    /// Removes the progress line.
    func endProgress() {
        lock.withLock {
            clearProgress()
            progressLine = nil
        }
    }

    private func clearProgress() {
        if progressLine != nil { writeStandardError("\r\u{1B}[K") }
    }

    /// Writes to stderr; a failure to report is not reported.
    private func writeStandardError(_ text: String) {
        try? writeAll(Array(text.utf8), to: STDERR_FILENO)
    }
}
