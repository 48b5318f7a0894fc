/// Why a set of tensors does not fit a network. Each case names the dotted
/// `state_dict`-style keys concerned.
public enum WeightsError: Error, Equatable, CustomStringConvertible {
    /// Tensors the network needs that the source lacks.
    case missing([String])
    /// Tensors in the source that the network does not have (`num_batches_tracked` excepted).
    case unexpected([String])
    /// A tensor whose shape differs from the network's.
    case shapeMismatch(key: String, expected: [Int], got: [Int])
    /// A tensor stored in a type weights cannot have (integers, 8-bit floats).
    case unsupportedDType(key: String, dtype: String)

    public var description: String {
        switch self {
        case .missing(let keys): return "missing weights: \(keys.joined(separator: ", "))"
        case .unexpected(let keys): return "unexpected weights: \(keys.joined(separator: ", "))"
        case let .shapeMismatch(key, expected, got):
            return "weight '\(key)' has shape \(got), the network needs \(expected)"
        case let .unsupportedDType(key, dtype):
            return "weight '\(key)' is stored as \(dtype); weights must be F32, F16, BF16 or F64"
        }
    }
}
