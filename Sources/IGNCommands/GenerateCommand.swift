import ArgumentParser

/// `ign generate`: placeholder until the model commands land; fails with "not available yet".
struct GenerateCommand: NotAvailableYet {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate new images from noise. (not available yet)"
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var arguments: [String] = []
}
