import ArgumentParser

/// `ign colorize`: placeholder until the model commands land; fails with "not available yet".
struct ColorizeCommand: NotAvailableYet {
    static let configuration = CommandConfiguration(
        commandName: "colorize",
        abstract: "Colorize grayscale images with the model. (not available yet)"
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var arguments: [String] = []
}
