import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the `ign` executable runs: plugin dispatch, then the built-in command tree.
public enum EntryPoint {
    /// Runs `ign` with `arguments` (without the program name) and exits.
    public static func main(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        if let name = arguments.first, PluginDispatcher.isPluginCandidate(name) {
            guard let plugin = PluginDispatcher.find(name) else {
                Console.shared.error("'\(name)' is not an ign command, and no '\(PluginDispatcher.prefix)\(name)' "
                                     + "was found on PATH (see 'ign --list')")
                exit(64)
            }
            exit(PluginDispatcher.exec(plugin, arguments: Array(arguments.dropFirst())))
        }
        do {
            var command = try IGNCommand.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch {
            report(error)
        }
    }

    /// The one place a failure becomes a message and an exit status: the argument parser's
    /// own errors (usage: 64, help, `ExitCode`) are printed its way; any other error is a
    /// failure of the work, printed as `ign: MESSAGE` with status 1.
    static func report(_ error: Error) -> Never {
        if isArgumentParserError(error) { IGNCommand.exit(withError: error) }
        Console.shared.error(describe(error))
        exit(1)
    }

    /// Whether the argument parser knows how to report `error` (its own types, including
    /// `ValidationError`, `ExitCode` and `CleanExit`).
    static func isArgumentParserError(_ error: Error) -> Bool {
        error is ValidationError || error is ExitCode || error is CleanExit
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}
