import ArgumentParser

/// Shared body of the subcommands whose implementation has not landed yet: accept any
/// arguments, then fail honestly with exit status 1.
protocol NotAvailableYet: ParsableCommand {
    var arguments: [String] { get }
}

extension NotAvailableYet {
    func run() throws {
        Console.shared.error(CommandError.notAvailableYet(Self.configuration.commandName ?? "?").message)
        throw ExitCode.failure
    }
}
