import ArgumentParser

/// `ign edit-latent`: placeholder until the model commands land; fails with "not available yet".
struct EditLatentCommand: NotAvailableYet {
    static let configuration = CommandConfiguration(
        commandName: "edit-latent",
        abstract: "Edit images through latent-space arithmetic. (not available yet)"
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var arguments: [String] = []
}
