import ArgumentParser
import IGN
import IGNImage

/// `ign project`: fⁿ(x) for each input image.
struct ProjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Project images onto the learned manifold (apply f n times).",
        discussion: """
            Each image is fitted to the model (alpha flattened onto --background, converted \
            to its channels, resized to its size), then f is applied --steps times. The \
            result has the model's size unless --keep-size resizes it back.
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "How many times to apply f (f∘f refines; too many blur).")
    var steps = 1

    @Flag(help: "Resize each result back to its input's size.")
    var keepSize = false

    @Option(help: ArgumentHelp("Batch-norm statistics set to normalise with (default: the model's choice for projection; the bundled model also has noisy-images, for noisy inputs).",
                               valueName: "name"))
    var statistics: String?

    func validate() throws {
        guard (1...100).contains(steps) else { throw ValidationError("--steps must be between 1 and 100") }
    }

    func run() throws {
        let model = try modelOptions.load()
        let projector: Projector
        do { projector = try Projector(model: model, use: .project, statisticsSet: statistics) } catch {
            Console.shared.error(describe(error))
            throw ExitCode.failure
        }
        let (steps, keepSize, background) = (self.steps, self.keepSize, output.background)
        try ImagePipeline(input: input, output: output).run { image in
            try projector.project(image, times: steps, keepSize: keepSize, background: background)
        }
    }
}
