import ArgumentParser

/// `ign eval`: placeholder until the model commands land; fails with "not available yet".
struct EvalCommand: NotAvailableYet {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a trained model (idempotence, reconstruction, tightness). (not available yet)"
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var arguments: [String] = []
}
