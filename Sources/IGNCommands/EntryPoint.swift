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
        LargeAllocations.returnToTheSystemWhenFreed()
        if let name = arguments.first, PluginDispatcher.isPluginCandidate(name) {
            guard let plugin = PluginDispatcher.find(name) else {
                Console.shared.error("'\(name)' is not an ign command, and no '\(PluginDispatcher.prefix)\(name)' "
                                     + "was found on PATH (see 'ign --list')")
                exit(64)
            }
            exit(PluginDispatcher.exec(plugin, arguments: Array(arguments.dropFirst())))
        }
        do {
            try checkRootOnlyArguments(arguments)
            var command = try IGNCommand.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch {
            report(error, arguments: arguments)
        }
    }

    /// The one place a failure becomes a message and an exit status. Help and version go
    /// out the argument parser's way; an `ExitCode` leaves with its status (what failed was
    /// reported already); usage errors are one line, `ign: MESSAGE (see 'ign CMD --help')`,
    /// status 64; any other error is a failure of the work, `ign: MESSAGE`, status 1.
    static func report(_ error: Error, arguments: [String]) -> Never {
        if let code = error as? ExitCode { exit(code.rawValue) }
        guard isArgumentParserError(error) else {
            Console.shared.error(describe(error))
            exit(1)
        }
        let code = IGNCommand.exitCode(for: error)
        let message = IGNCommand.message(for: error)
        if error is CleanExit || code == .success || message.isEmpty { IGNCommand.exit(withError: error) }
        Console.shared.error("\(message) (see '\(commandPath(arguments).joined(separator: " ")) --help')")
        exit(code.rawValue)
    }

    /// Whether the argument parser knows how to report `error` (its own types, including
    /// `ValidationError`, `ExitCode` and `CleanExit`).
    static func isArgumentParserError(_ error: Error) -> Bool {
        error is ValidationError || error is ExitCode || error is CleanExit
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    /// `ign` and the subcommand names the arguments start with (`ign edit-latent mix`).
    static func commandPath(_ arguments: [String]) -> [String] {
        var path = ["ign"]
        var commands = IGNCommand.builtInSubcommands
        for argument in arguments {
            guard let next = commands.first(where: { $0._commandName == argument }) else { break }
            path.append(argument)
            commands = next.configuration.subcommands
        }
        return path
    }

    /// Usage errors the parser would let through: `ign help NOSUCH` (it shows the top-level
    /// help and succeeds) and `--list` after a subcommand (it is ignored there).
    static func checkRootOnlyArguments(_ arguments: [String]) throws {
        let options = arguments.prefix { $0 != "--" }
        if arguments.first == "help", arguments.count > 1 {
            let path = commandPath(Array(arguments.dropFirst()))
            if path.count < arguments.count {
                throw ValidationError("no subcommand '\(arguments[path.count])' in '\(path.joined(separator: " "))'")
            }
        }
        if commandPath(arguments).count > 1 && options.contains("--list") {
            throw ValidationError("--list is an option of ign itself: ign --list")
        }
    }
}
