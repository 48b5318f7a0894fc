import ArgumentParser
import IGN
import IGNImage

/// `ign generate`: f(z) for source noise z.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate images from noise (f applied to source noise z).",
        discussion: """
            One image (--count 1) goes to stdout or -o FILE; several go into -o DIR as \
            sample-0001.png, …, or into one image with --grid CxR. The same --seed gives \
            the same images.
            """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Number of images.")
    var count = 1

    @Option(help: "Seed of the noise.")
    var seed: UInt64 = 0

    @Option(help: "How many times to apply f.")
    var steps = 1

    @Option(help: ArgumentHelp("Generate C×R images tiled into one grid of C columns and R rows (instead of --count).",
                               valueName: "CxR"))
    var grid: String?

    @Flag(help: "Write each sample as a strip: the noise z, then f¹(z) … fⁿ(z) (n = --steps).")
    var trace = false

    func validate() throws {
        guard (1...100_000).contains(count) else { throw ValidationError("--count must be between 1 and 100000") }
        guard (1...100).contains(steps) else { throw ValidationError("--steps must be between 1 and 100") }
        if let grid { _ = try GenerateCommand.parseGrid(grid) }
        if trace && grid != nil { throw ValidationError("--trace writes one strip per sample; it cannot be combined with --grid") }
        if trace && count > 1000 { throw ValidationError("--trace keeps every step of every sample: at most 1000 samples") }
        if count > 1 && grid == nil && (output.output == nil || output.output == "-") {
            throw ValidationError("several images need -o DIR (or --grid CxR to tile them into one image)")
        }
    }

    /// `CxR` with C, R ≥ 1 and C·R ≤ 100,000 (the --count limit).
    static func parseGrid(_ text: String) throws -> (columns: Int, rows: Int) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let columns = parts[0], let rows = parts[1], columns >= 1, rows >= 1,
              columns <= 100_000, rows <= 100_000, columns * rows <= 100_000 else {
            throw ValidationError("--grid must be CxR with at most 100000 images, e.g. 10x10")
        }
        return (columns, rows)
    }

    func run() throws {
        let layout = try grid.map(GenerateCommand.parseGrid)
        let total = layout.map { $0.columns * $0.rows } ?? count
        let names = layout != nil ? ["grid.png"] : (1...total).map { formatted("sample-%04d.png", $0) }
        // The output rules are checked before any image is made.
        let pipeline = ImagePipeline(input: InputOptions(), output: output)
        _ = try pipeline.prepareJobs(for: names)
        let model = try modelOptions.load()
        let images: [Image]
        if trace {
            images = try Generation.trace(model, count: count, seed: seed, times: steps).map { try ImageFitting.strip($0) }
        } else {
            let samples = try Generation.generate(model, count: total, seed: seed, times: steps)
            if let layout {
                images = [try ImageFitting.grid(samples, columns: layout.columns, rows: layout.rows)]
            } else {
                images = try (0..<total).map {
                    try ImageFitting.image(fromPlanar: ImageFitting.planar(samples, index: $0), geometry: model.imageGeometry)
                }
            }
        }
        try pipeline.emit(Array(zip(names, images)))
    }
}
