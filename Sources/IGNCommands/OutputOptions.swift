import ArgumentParser
import IGNImage

/// Where and how images are written; shared by every subcommand that produces images.
public struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong,
            help: ArgumentHelp("Output file (its folder must exist), or folder (created if missing) for several inputs or when it ends in '/'. None, '-' or /dev/stdout writes stdout.",
                               valueName: "output"))
    public var output: String?

    @Option(help: ArgumentHelp("Write each output next to its input (or into -o DIR), named NAME<suffix>.EXT.",
                               valueName: "text"))
    public var suffix: String?

    @Option(help: "Output format; default: from the output's extension, else the input's format. Needed for an -o name with another extension.")
    public var format: ImageFormat?

    @Option(help: "JPEG quality, 1 to 100.")
    public var quality = 90

    @Option(help: "Bits per sample for PNG and Netpbm output: 8 or 16.")
    public var depth = 8

    @Option(help: "Colour that alpha is flattened onto (name, #RRGGBB or R,G,B).")
    public var background = RGBColor.white

    public init() {}

    public func validate() throws {
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be between 1 and 100") }
        guard depth == 8 || depth == 16 else { throw ValidationError("--depth must be 8 or 16") }
        if let suffix, suffix.isEmpty || suffix.contains("/") {
            throw ValidationError("--suffix must be non-empty text without '/'")
        }
    }
}
