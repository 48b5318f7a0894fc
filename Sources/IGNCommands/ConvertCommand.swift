import ArgumentParser
import IGNImage

/// `ign convert`: decode → optional flatten, gray, resize → encode. The pipeline workhorse.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert images between PNG, JPEG and Netpbm; resize, make gray, flatten alpha.",
        discussion: """
            Examples:
              ign convert photo.jpg -o photo.png
              cat in.png | ign convert --resize 28x28 --gray --format pnm | pnmtopng > out.png
              ign convert *.jpg --format png -o small/ --resize 256x -j 4
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var batch: BatchOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var fill: BackgroundOption

    @Option(help: ArgumentHelp("Resize to WxH (Wx or xH keeps the aspect ratio).", valueName: "WxH"))
    var resize: ResizeSpec?

    @Flag(help: "Convert to grayscale (alpha is kept unless --flatten).")
    var gray = false

    @Flag(help: "Convert to RGB (alpha is kept unless --flatten).")
    var rgb = false

    @Flag(help: "Composite alpha onto --background and drop it.")
    var flatten = false

    func validate() throws {
        if gray && rgb { throw ValidationError("--gray and --rgb exclude each other") }
    }

    func run() throws {
        let resize = self.resize, gray = self.gray, rgb = self.rgb, flatten = self.flatten
        let maxPixels = input.decodeLimits.maxPixels.value, maxPixelsText = "\(input.decodeLimits.maxPixels)"
        let background = fill.background
        try ImagePipeline(input: input, output: output, batch: batch, background: fill.background).run { image in
            var image = image
            if flatten { image = image.flattened(onto: background) }
            if gray { image = image.converted(to: image.colorModel.hasAlpha ? .grayAlpha : .gray) }
            if rgb { image = image.converted(to: image.colorModel.hasAlpha ? .rgba : .rgb) }
            if let resize {
                let size = resize.size(from: image.width, image.height)
                // The result is bounded like an input: --resize 100000x100000 would need 20 GB.
                guard size.width.multipliedReportingOverflow(by: size.height).partialValue <= maxPixels,
                      size.width <= 1 << 24, size.height <= 1 << 24 else {
                    throw ImageError.invalidArgument("resizing to \(size.width)x\(size.height) exceeds --max-pixels (\(maxPixelsText))")
                }
                image = try image.resized(width: size.width, height: size.height)
            }
            return image
        }
    }
}
