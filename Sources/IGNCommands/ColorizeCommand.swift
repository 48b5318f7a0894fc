import ArgumentParser
import IGN
import IGNImage

/// `ign colorize`: gray images in, colour images out, with a colour model.
struct ColorizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "colorize",
        abstract: "Colorize grayscale images by projecting them with a colour model.",
        discussion: """
            Each image is made gray (Rec. 601 luma) and projected by a colour model. The \
            result keeps the input's luminance — Y of Y′CbCr, the same luma — at the input's \
            size and takes only chroma (Cb, Cr) from the projection, so detail is the input's \
            and colour the model's; --raw writes the projection itself, at the model's size.
              ign colorize --model emoji < gray.png > colour.png
              ign convert --gray face.png | ign colorize --model emoji > again.png
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var projection: ProjectionOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var batch: BatchOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fill: BackgroundOption

    @Flag(help: "Write the projection itself (model's size) instead of the input's luminance with its colours.")
    var raw = false

    func run() throws {
        let model = try modelOptions.load()
        try projection.checkStatistics(of: model)
        let colorizer = try Colorizer(model: model, statisticsSet: projection.statistics,
                                      fit: projection.fit, background: fill.background)
        let (steps, raw) = (projection.steps, self.raw)
        try ImagePipeline(input: input, output: output, batch: batch, background: fill.background)
            .run(workingSet: colorizer.workingSet(raw: raw)) { image in
            try colorizer.colorize(image, times: steps, raw: raw)
        }
    }
}
