import ArgumentParser
import IGNImage
import IGNNeural

/// Where images come from and how many are processed at once; shared by every image subcommand.
public struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Input images (PNG, JPEG, PGM/PPM/PAM; sniffed from their bytes). None or '-' reads stdin.",
                                 valueName: "input"), completion: .file())
    public var inputs: [String] = []

    @OptionGroup public var decodeLimits: DecodeLimitOptions

    @Option(name: [.customShort("j"), .customLong("jobs")],
            help: "Process this many files in parallel (default: one per CPU; each image is worked on by one thread).")
    public var jobs: Int?

    public init() {}

    /// The decoding limits these options ask for.
    public var limits: DecodeLimits { decodeLimits.limits }

    /// The inputs, with stdin standing in when none is given.
    public var resolvedInputs: [String] { inputs.isEmpty ? ["-"] : inputs }

    /// How many files are processed at once: `-j`, else one per CPU, and never more than
    /// there are inputs.
    public var resolvedJobs: Int { max(1, min(jobs ?? ProcessInfoCores.count, resolvedInputs.count)) }

    public func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("-j/--jobs must be at least 1") }
        let stdinCount = resolvedInputs.filter { $0 == "-" }.count
        if stdinCount > 0 && resolvedInputs.count > 1 {
            throw ValidationError("'-' (stdin) can only be the sole input")
        }
    }
}

/// `--max-pixels` and `--max-memory`: what an image may claim before it is decoded; shared by
/// every command that reads images.
public struct DecodeLimitOptions: ParsableArguments {
    @Option(name: .customLong("max-pixels"),
            help: "Refuse images whose header claims more pixels than this (K = 2^10, M = 2^20).")
    public var maxPixels = PixelCount(64 << 20)

    @Option(name: .customLong("max-memory"),
            help: ArgumentHelp("Refuse images whose decoding would need more memory than this: the file, its samples (2 bytes each), the decoder's working memory and what the command holds beyond one result of the image's size (K, M, G = 2^10, 2^20, 2^30 bytes). Images worked on at once (-j) share it.",
                               valueName: "bytes"))
    public var maxMemory = ByteCount(DecodeLimits.defaultMaxMemory)

    public init() {}

    /// The decoding limits these options ask for.
    public var limits: DecodeLimits { DecodeLimits(maxPixels: maxPixels.value, maxMemory: maxMemory.value) }
}

/// A number of bytes with an optional binary unit: `512M`, `2G`, `65536`.
public struct ByteCount: ExpressibleByArgument, Sendable, Equatable, CustomStringConvertible {
    public var value: Int

    public init(_ value: Int) { self.value = value }

    public init?(argument: String) {
        guard let count = PixelCount(argument: argument) else { return nil }
        value = count.value
    }

    public var description: String {
        for (shift, unit) in [(30, "G"), (20, "M"), (10, "K")] where value % (1 << shift) == 0 {
            return "\(value >> shift)\(unit)"
        }
        return "\(value)"
    }
    public var defaultValueDescription: String { description }
}
