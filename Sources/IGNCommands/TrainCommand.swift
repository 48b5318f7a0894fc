import ArgumentParser

/// `ign train`: placeholder until the model commands land; fails with "not available yet".
struct TrainCommand: NotAvailableYet {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train an IGN model on a dataset. (not available yet)"
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var arguments: [String] = []
}
