import ArgumentParser
import IGNImage

/// Where images come from and how many are processed at once; shared by every image subcommand.
public struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Input images (PNG, JPEG, PGM/PPM/PAM; sniffed from their bytes). None or '-' reads stdin.",
                                 valueName: "input"), completion: .file())
    public var inputs: [String] = []

    @Option(name: .customLong("max-pixels"),
            help: "Refuse images whose header claims more pixels than this (K = 2^10, M = 2^20).")
    public var maxPixels = PixelCount(64 << 20)

    @Option(name: [.customShort("j"), .customLong("jobs")], help: "Process this many files in parallel.")
    public var jobs = 1

    public init() {}

    /// The decoding limits these options ask for.
    public var limits: DecodeLimits { DecodeLimits(maxPixels: maxPixels.value) }

    /// The inputs, with stdin standing in when none is given.
    public var resolvedInputs: [String] { inputs.isEmpty ? ["-"] : inputs }

    public func validate() throws {
        guard jobs >= 1 else { throw ValidationError("-j/--jobs must be at least 1") }
        let stdinCount = resolvedInputs.filter { $0 == "-" }.count
        if stdinCount > 0 && resolvedInputs.count > 1 {
            throw ValidationError("'-' (stdin) can only be the sole input")
        }
    }
}
