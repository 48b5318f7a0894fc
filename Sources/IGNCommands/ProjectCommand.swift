import ArgumentParser

/// `ign project`: placeholder until the model commands land; fails with "not available yet".
struct ProjectCommand: NotAvailableYet {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Project images onto the learned manifold (apply f n times). (not available yet)"
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var arguments: [String] = []
}
