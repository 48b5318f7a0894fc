import ArgumentParser

/// `ign composite`: placeholder until the model commands land; fails with "not available yet".
struct CompositeCommand: NotAvailableYet {
    static let configuration = CommandConfiguration(
        commandName: "composite",
        abstract: "Blend images and project the blend to a realistic image. (not available yet)"
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var arguments: [String] = []
}
