import FoundationEssentials
import IGNFiles

/// Progress of a batch on stderr: count, rate and time left. On a terminal, one line redrawn
/// in place (for more than one item); elsewhere (logs, pipelines) nothing, unless `forced`,
/// then a plain line every few seconds and at the end.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let unit: String
    private let console: Console
    private let live: Bool
    private let logged: Bool
    private let started: Date
    private let lock = Lock()
    private var lastLine = Date.distantPast

    /// A bar for `total` items; rates count from `started` (by default, now).
    init(total: Int, unit: String = "files", forced: Bool = false, started: Date = Date(), console: Console = .shared) {
        self.total = total
        self.started = started
        self.unit = unit
        self.console = console
        live = console.stderrIsTerminal && (total > 1 || forced)
        logged = forced && !console.stderrIsTerminal
        if live { console.showProgress(line(done: 0)) }
    }

    /// Shows `done` of the total as finished.
    func update(done: Int) {
        if live { console.showProgress(line(done: done)) }
        if logged {
            let now = Date()
            let due = lock.withLock {
                guard now.timeIntervalSince(lastLine) >= 5 || done == total else { return false }
                lastLine = now
                return true
            }
            if due { console.note(line(done: done)) }
        }
    }

    /// Removes the live line.
    func finish() {
        if live { console.endProgress() }
    }

    /// "[#####.....] 120/300 files, 41.2/s, ETA 4 s".
    func line(done: Int) -> String {
        let width = 20
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        var text = "[\(bar)] \(done)/\(total) \(unit)"
        let elapsed = Date().timeIntervalSince(started)
        if done > 0 && elapsed > 0 {
            let rate = Double(done) / elapsed
            text += formatted(", %.1f/s", rate)
            if done < total { text += ", ETA " + ProgressBar.duration(Double(total - done) / rate) }
        }
        return text
    }

    /// "45 s", "3m05s", "2h07m".
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return formatted("%dm%02ds", s / 60, s % 60) }
        return formatted("%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}
