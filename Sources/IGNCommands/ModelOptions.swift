import ArgumentParser
import IGN

/// Which model a subcommand uses: `--model PATH`, else `IGN_MODEL`, else the bundled one.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Model file (safetensors). Default: $IGN_MODEL, else the bundled Fashion-MNIST projector.",
        valueName: "path"))
    var model: String?

    /// Loads the model, reporting a failure as one line and exit status 1.
    func load() throws -> IGNModel { try ModelOptions.load(path: model) }

    /// Loads the model at `path` (or the default one), reporting a failure as one line and exit status 1.
    static func load(path: String?) throws -> IGNModel {
        do {
            return try ModelLocator.load(explicitPath: path)
        } catch {
            Console.shared.error(describe(error))
            throw ExitCode.failure
        }
    }
}
