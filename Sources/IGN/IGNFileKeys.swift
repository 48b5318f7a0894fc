import IGNNeural

/// Every name IGN gives to what it stores in a model file or checkpoint beyond f's weights
/// (which keep PyTorch's `state_dict` keys, see `ModelFile`): all start with `ign.`, which
/// no `state_dict` key does.
///
/// Metadata: `ign.image` ("C×H×W" as "1x28x28"), `ign.noise` ("gaussian" or "frequency"),
/// `ign.statistics.USE` (the statistics set each `IGNModel.Use` takes), `ign.training.*`
/// (how the model was made), and in checkpoints `ign.checkpoint.*` (configuration, counters,
/// generator states, data). Tensors: `ign.statistics.SET.KEY` (statistics sets),
/// `ign.noise.{real,imag}_{mean,std}` (frequency noise), and in checkpoints
/// `ign.adam.{m,v}.KEY` (the optimizer's moments). The engine's own `ign.architecture` and
/// `ign.format` are `ModelFile`'s.
public enum IGNFileKeys {
    /// The prefix of every key here.
    public static let prefix = "ign."

    /// Whether a tensor is one of IGN's additions rather than one of f's weights: what
    /// loading the weights passes over (`ModelFile(_:ignoring:)`).
    public static func isAddition(_ key: String) -> Bool { key.hasPrefix(prefix) }

    // MARK: Model metadata

    /// The image geometry, as "1x28x28".
    public static let image = "ign.image"
    /// The source noise's kind.
    public static let noise = "ign.noise"
    /// The statistics set `use` takes.
    public static func statisticsChoice(_ use: IGNModel.Use) -> String { "ign.statistics.\(use.rawValue)" }
    /// A note on how the model was made (`ign.training.NAME`).
    public static func training(_ name: String) -> String { "ign.training.\(name)" }

    /// The metadata keys a model's reader interprets (and its writer regenerates): the rest
    /// is free-form description.
    static var modelMetadata: Set<String> {
        Set([image, noise] + IGNModel.Use.allCases.map(statisticsChoice))
    }

    // MARK: Model tensors

    static let statisticsPrefix = "ign.statistics."
    /// Value `key` (a batch-norm buffer's `state_dict` key) of statistics set `set`.
    static func statistics(set: String, key: String) -> String { statisticsPrefix + set + "." + key }
    /// The (set, buffer key) a statistics tensor's name holds, or nil for other names.
    static func statisticsSetAndKey(_ name: String) -> (set: String, key: String)? {
        guard name.hasPrefix(statisticsPrefix) else { return nil }
        let rest = name.dropFirst(statisticsPrefix.count)
        guard let dot = rest.firstIndex(of: ".") else { return nil }
        return (String(rest[..<dot]), String(rest[rest.index(after: dot)...]))
    }
    /// A frequency-noise statistic ("real_mean", "real_std", "imag_mean", "imag_std").
    static func noiseTensor(_ name: String) -> String { "ign.noise." + name }

    // MARK: Checkpoints

    static let checkpointPrefix = "ign.checkpoint."
    /// A checkpoint's counter or state (`ign.checkpoint.NAME`).
    static func checkpoint(_ name: String) -> String { checkpointPrefix + name }
    /// Adam's first moment of parameter `key`.
    static func adamFirstMoment(_ key: String) -> String { "ign.adam.m." + key }
    /// Adam's second moment of parameter `key`.
    static func adamSecondMoment(_ key: String) -> String { "ign.adam.v." + key }
}
