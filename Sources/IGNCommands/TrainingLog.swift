import FoundationEssentials
import IGN

/// Training progress on stderr: a live line with epoch, step, losses, speed and ETA when
/// stderr is a terminal; otherwise a plain log line every `logEvery` steps.
final class TrainingLog {
    private let total: Int
    private let batchSize: Int
    private let logEvery: Int
    private let console: Console
    private var recentSpeeds: [Double] = []
    private var showing = false

    init(total: Int, batchSize: Int, logEvery: Int, console: Console) {
        self.total = total
        self.batchSize = batchSize
        self.logEvery = logEvery
        self.console = console
    }

    func record(step: Int, epoch: Int, losses: StepLosses, imagesPerSecond: Double) {
        recentSpeeds.append(imagesPerSecond)
        if recentSpeeds.count > 20 { recentSpeeds.removeFirst() }
        let speed = recentSpeeds.sorted()[recentSpeeds.count / 2]
        let remaining = speed > 0 ? Double(total - step) * Double(batchSize) / speed : 0
        let text = formatted("epoch %d step %d/%d loss %.4f rec %.4f idem %.4f tight %.4f %.0f img/s ETA ",
                             epoch, step, total, losses.total, losses.reconstruction, losses.idempotence,
                             losses.tightness, speed) + ProgressBar.duration(remaining)
        if console.stderrIsTerminal {
            console.showProgress(text)
            showing = true
        } else if step % logEvery == 0 || step == total {
            console.note(text)
        }
    }

    /// A message line that does not disturb the live line.
    func note(_ text: String) { console.note(text) }

    func finish() { if showing { console.endProgress() } }
}
