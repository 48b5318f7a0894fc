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
        IGNCommand.main(arguments)
        exit(0)
    }
}
