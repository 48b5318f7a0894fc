import ArgumentParser
import IGN

/// Which model a subcommand uses: `--model NAME|PATH`, else `IGN_MODEL`, else the bundled default.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Bundled model name (see 'ign models') or model file (safetensors). Default: $IGN_MODEL, else fashion-mnist.",
        valueName: "name|path"), completion: .file(extensions: ["safetensors"]))
    var model: String?

    /// Loads the model.
    func load() throws -> IGNModel { try ModelLocator.load(model) }

    /// Loads the model named by `nameOrPath` (or the default one).
    static func load(path nameOrPath: String?) throws -> IGNModel { try ModelLocator.load(nameOrPath) }
}

/// How a model command fits images to the model and how often it applies f; shared by
/// project, denoise, colorize and composite.
struct ProjectionOptions: ParsableArguments {
    @Option(help: "How many times to apply f (f∘f refines; too many blur).")
    var steps = 1

    @Option(help: ArgumentHelp("How an image of another shape is fitted to the model's: pad (keep the aspect ratio, pad with --background), crop (centre) or resize (distort).",
                               valueName: "mode"))
    var fit: FitMode = .pad

    @Option(help: ArgumentHelp("Batch-norm statistics set to normalise with (default: the model's choice for this command; 'ign models' lists each model's sets).",
                               valueName: "name"))
    var statistics: String?

    func validate() throws {
        guard (1...100).contains(steps) else { throw ValidationError("--steps must be between 1 and 100") }
    }

    /// Refuses a statistics set the model lacks, as a usage error.
    func checkStatistics(of model: IGNModel) throws {
        if let statistics, model.statisticsSets[statistics] == nil {
            let known = model.statisticsSets.keys.sorted().joined(separator: ", ")
            throw ValidationError("--statistics \(statistics): the model has no such set (it has: \(known.isEmpty ? "none" : known))")
        }
    }
}
