import ArgumentParser

/// How the results of many inputs are named and reported; shared by the commands that take
/// input files (not by those that make images from nothing, such as generate).
public struct BatchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write each output next to its input (or into -o DIR), named NAME<suffix>.EXT.",
                               valueName: "text"))
    public var suffix: String?

    @Flag(help: "Show progress (count, rate, ETA) on stderr even when it is not a terminal (then a line every few seconds).")
    public var progress = false

    public init() {}

    public func validate() throws {
        if let suffix, suffix.isEmpty || suffix.contains("/") {
            throw ValidationError("--suffix must be non-empty text without '/'")
        }
    }
}
