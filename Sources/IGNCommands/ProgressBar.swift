/// A one-line progress bar on stderr, drawn only when stderr is a terminal and there is more than one item.
final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let console: Console
    private let enabled: Bool

    init(total: Int, console: Console = .shared) {
        self.total = total
        self.console = console
        enabled = console.stderrIsTerminal && total > 1
        if enabled { draw(done: 0) }
    }

    /// Shows `done` of the total as finished.
    func update(done: Int) {
        if enabled { draw(done: done) }
    }

    /// Removes the bar.
    func finish() {
        if enabled { console.endProgress() }
    }

    private func draw(done: Int) {
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        console.showProgress("[\(bar)] \(done)/\(total)")
    }
}
