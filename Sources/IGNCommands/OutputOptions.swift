import ArgumentParser
import IGNImage

/// Where and how images are written; shared by every subcommand that produces images.
public struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong,
            help: ArgumentHelp("Output file (its folder must exist), or folder (created if missing) for several inputs or when it ends in '/'. None, '-' or /dev/stdout writes stdout.",
                               valueName: "output"), completion: .file())
    public var output: String?

    @Option(help: "Output format; default: from the output's extension, else the input's format. Needed for an -o name with another extension.")
    public var format: ImageFormat?

    @Option(help: "JPEG quality, 1 to 100.")
    public var quality = 90

    @Option(help: ArgumentHelp("Bits per sample for PNG and Netpbm output: 8 or 16 (default: the image's own; model outputs are 8-bit).",
                               valueName: "bits"))
    public var depth: Int?

    public init() {}

    public func validate() throws {
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be between 1 and 100") }
        if let depth, depth != 8 && depth != 16 { throw ValidationError("--depth must be 8 or 16") }
    }
}
