import ArgumentParser

/// `ign denoise`: placeholder until the model commands land; fails with "not available yet".
struct DenoiseCommand: NotAvailableYet {
    static let configuration = CommandConfiguration(
        commandName: "denoise",
        abstract: "Remove noise by projecting onto the learned manifold. (not available yet)"
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var arguments: [String] = []
}
