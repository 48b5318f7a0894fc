import Foundation

/// Creates `path` and any missing parents (nothing if it is a folder already). Throws
/// `FileWriteError` with the system's reason otherwise.
public func createFolder(_ path: String) throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue { return }
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        throw FileWriteError(reason: "the folder cannot be created")
    }
}
