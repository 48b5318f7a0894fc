/// An error about one input file, reported with the file's name.
struct FileFailure: Error, CustomStringConvertible {
    let path: String
    let error: Error
    var description: String { "\(path): \(describe(error))" }
}
