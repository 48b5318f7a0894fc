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
            to its channels, padded to its aspect ratio and scaled to its size; see --fit), \
            then f is applied --steps times. The result has the model's size unless \
            --keep-size restores the input's. --trace writes the fitted input and every \
            step f¹ … fⁿ side by side instead.
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var projection: ProjectionOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var batch: BatchOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fill: BackgroundOption

    @Flag(help: "Restore each result to its input's size (and aspect ratio).")
    var keepSize = false

    @Flag(help: "Write the input and every step f¹ … fⁿ side by side in one image.")
    var trace = false

    func validate() throws {
        if trace && keepSize { throw ValidationError("--trace shows the model-sized steps; it cannot be combined with --keep-size") }
    }

    func run() throws {
        let model = try modelOptions.load()
        try projection.checkStatistics(of: model)
        let projector = try Projector(model: model, use: .project, statisticsSet: projection.statistics,
                                      fit: projection.fit, background: fill.background)
        let (steps, keepSize, trace) = (projection.steps, self.keepSize, self.trace)
        try ImagePipeline(input: input, output: output, batch: batch, background: fill.background)
            .run(workingSet: projector.workingSet(keepSize: keepSize)) { image in
            if trace { return try ImageFitting.strip(projector.trace(image, times: steps)) }
            return try projector.project(image, times: steps, keepSize: keepSize)
        }
    }
}
