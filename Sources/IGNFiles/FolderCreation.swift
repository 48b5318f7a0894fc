#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials

/// Creates `path` and any missing parents (nothing if it is a folder already). Throws
/// `FileWriteError` with the system's reason otherwise.
public func createFolder(_ path: String) throws {
    var status = stat()
    if stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR { return }
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        throw FileWriteError(reason: "the folder cannot be created")
    }
}
