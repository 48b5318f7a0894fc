import ArgumentParser
import FoundationEssentials
import IGN
import IGNImage

/// `ign degrade`: the paper's out-of-distribution inputs, made from clean images.
struct DegradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "degrade",
        abstract: "Make noisy, gray, sketched or masked versions of images (for demos, tests and datasets).",
        discussion: """
            Applied in the order --gray, --sketch, --mask, --noise, at the image's own size; \
            the result keeps the input's colour model (alpha flattened onto --background). The same \
            --seed gives the same bytes.
              ign degrade --noise 0.4 < clean.png | ign denoise > restored.png
              ign degrade --sketch < a.png | ign project --steps 2 > b.png
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var batch: BatchOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fill: BackgroundOption

    @Option(help: ArgumentHelp("Add Gaussian noise of this standard deviation (in −1…1 units, as 'ign eval'; 0.4 is heavy).",
                               valueName: "sigma"))
    var noise: Float = 0

    @Flag(help: "Replace colour by Rec. 601 luma (kept in every channel of a colour image).")
    var gray = false

    @Flag(help: "Pencil sketch: luma divided by its Gaussian blur.")
    var sketch = false

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Fill the rectangle X,Y,W,H (pixels; X and Y may be negative) with uniform noise.",
                               valueName: "x,y,w,h"))
    var mask: String?

    @Option(help: "Seed of the noise.")
    var seed: UInt64 = 0

    func validate() throws {
        guard noise >= 0, noise <= 10 else { throw ValidationError("--noise must be between 0 and 10") }
        if let mask { _ = try DegradeCommand.rectangle(mask) }
        if try chosen.isIdentity {
            throw ValidationError("nothing to do: give --noise, --gray, --sketch or --mask")
        }
    }

    /// `X,Y,W,H` with W, H positive.
    static func rectangle(_ text: String) throws -> (x: Int, y: Int, width: Int, height: Int) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingSpaces) }
        guard parts.count == 4, let x = parts[0], let y = parts[1], let w = parts[2], let h = parts[3], w > 0, h > 0,
              [x, y, w, h].allSatisfy({ abs($0) <= 1 << 30 }) else {
            throw ValidationError("--mask must be X,Y,W,H in pixels with W and H positive, e.g. 8,8,12,12")
        }
        return (x, y, w, h)
    }

    /// The degradation the options ask for.
    var chosen: Degradation {
        get throws {
            var degradation = Degradation()
            degradation.noise = noise
            degradation.gray = gray
            degradation.sketch = sketch
            degradation.mask = try mask.map(DegradeCommand.rectangle)
            degradation.seed = seed
            degradation.background = fill.background
            return degradation
        }
    }

    func run() throws {
        let degradation = try chosen
        try ImagePipeline(input: input, output: output, batch: batch, background: fill.background)
            .run(workingSet: degradation.workingSet) { image in try degradation.apply(to: image) }
    }
}
