/// Errors about IGN models and their files.
public enum IGNModelError: Error, Equatable, CustomStringConvertible {
    /// The file or description is not a usable IGN model.
    case invalid(String)
    /// The network does not map images to images of the same shape.
    case notAProjector(String)

    public var description: String {
        switch self {
        case .invalid(let why): return "invalid model: \(why)"
        case .notAProjector(let why): return "not an image-to-image network: \(why)"
        }
    }
}
