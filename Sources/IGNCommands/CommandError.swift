/// Failures of the command line itself (as opposed to an image's codec).
public enum CommandError: Error, Equatable, CustomStringConvertible {
    /// Image bytes would go to a terminal.
    case terminalOutput
    /// An input file could not be read.
    case cannotRead(String)
    /// An output file could not be written.
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .terminalOutput:
            return "refusing to write image data to a terminal; use -o FILE or pipe the output into another command"
        case .cannotRead(let reason): return "cannot read: \(reason)"
        case .cannotWrite(let reason): return "cannot write: \(reason)"
        }
    }
}

/// A human one-line description of any error. Every error of ign's libraries is
/// `CustomStringConvertible` with a one-line, human `description` — the house's one error
/// protocol — and the entry point prints it after `ign: ` (exit status 1).
func describe(_ error: Error) -> String { String(describing: error) }
