#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a path names, following symbolic links (`stat(2)`).
public enum FileKind: Equatable, Sendable {
    /// Nothing, or nothing this process may look at.
    case missing
    case folder
    /// A file, device, FIFO or socket: anything but a folder.
    case other

    public init(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { self = .missing; return }
        self = status.st_mode & S_IFMT == S_IFDIR ? .folder : .other
    }
}
