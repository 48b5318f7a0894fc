import ArgumentParser

/// The root command: `ign SUBCOMMAND …`, or `ign NAME …` for a plugin `ign-NAME` on PATH.
public struct IGNCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ign",
        abstract: "Idempotent Generative Networks on images, in Unix pipelines.",
        discussion: """
            Images go in as files or on stdin and come out as files or on stdout (PNG, JPEG, \
            PGM/PPM/PAM). Any other NAME runs the plugin 'ign-NAME' found on PATH.
            Exit status: 0 success, 1 failure, 64 usage error.
            """,
        version: "0.1.0",
        subcommands: builtInSubcommands
    )

    /// Every built-in subcommand, in the order `--help` lists them.
    public static let builtInSubcommands: [ParsableCommand.Type] = [
        ConvertCommand.self, InfoCommand.self,
        ProjectCommand.self, DenoiseCommand.self, ColorizeCommand.self, CompositeCommand.self,
        EditLatentCommand.self, GenerateCommand.self, DegradeCommand.self, ModelsCommand.self,
        TrainCommand.self, EvalCommand.self,
    ]

    @Flag(name: .long, help: "List built-in subcommands and plugins (ign-NAME on PATH).")
    var list = false

    public init() {}

    public func run() throws {
        guard list else { throw CleanExit.helpRequest(self) }
        print(CommandList.text(plugins: PluginDispatcher.plugins()))
    }
}

/// The text `ign --list` prints.
enum CommandList {
    static func text(plugins: [Plugin]) -> String {
        var lines = ["Built-in subcommands:"]
        for command in IGNCommand.builtInSubcommands {
            let configuration = command.configuration
            let name = configuration.commandName ?? "?"
            lines.append("  " + name.padded(to: 14) + configuration.abstract)
        }
        lines.append("Plugins (ign-NAME on PATH):")
        if plugins.isEmpty { lines.append("  (none)") }
        for plugin in plugins {
            lines.append("  " + plugin.name.padded(to: 14) + plugin.path)
        }
        return lines.joined(separator: "\n")
    }
}
