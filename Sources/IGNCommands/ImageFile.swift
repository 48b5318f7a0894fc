import FoundationEssentials
import IGNFiles
import IGNImage

/// Writing one image file outside the pipeline (sample grids): PNG, atomic, errors naming
/// the path.
enum ImageFile {
    static func write(_ image: Image, to path: String, creatingFolder: Bool = false) throws {
        if creatingFolder {
            let folder = PathName.parentFolder(of: path)
            if !folder.isEmpty {
                do { try createFolder(folder) } catch { throw FileFailure(path: folder, error: error) }
            }
        }
        do {
            try AtomicFileWriter.write(image.encoded(EncodeOptions(format: .png)), to: path)
        } catch let error as FileWriteError {
            throw OutputFailure(path: path, error: .cannotWrite(error.reason))
        }
    }
}
