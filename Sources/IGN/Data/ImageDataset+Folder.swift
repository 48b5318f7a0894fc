import FoundationEssentials
import IGNFiles
import IGNImage
import IGNNeural

extension ImageDataset {
    /// Loads every PNG, JPEG and Netpbm image in a folder (sorted by name, not recursive;
    /// formats sniffed from content, other files skipped), fitted to `geometry`.
    public static func folder(_ url: URL, geometry: Geometry, limits: DecodeLimits = .default) throws -> ImageDataset {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() } catch {
            throw DatasetError.unreadable(path: url.path, reason: "cannot list the folder")
        }
        var values: [Float] = []
        var loaded = 0
        for name in names where !name.hasPrefix(".") {
            let file = url.appendingPathComponent(name)
            guard FileKind(path: file.path) == .other,
                  let data = try? Data(contentsOf: file) else { continue }
            let bytes = [UInt8](data)
            guard ImageFormat.sniff(bytes) != nil else { continue }
            do {
                let image = try Image.decode(bytes, limits: limits).image
                values += try ImageFitting.resizedModelInput(image, geometry: geometry)
                loaded += 1
            } catch {
                throw DatasetError.unreadable(path: file.path, reason: "\(error)")
            }
        }
        guard loaded > 0 else { throw DatasetError.empty(url.path) }
        return ImageDataset(geometry: geometry, values: values, source: url.path)
    }

    /// Loads training or evaluation data: an IDX file (gzipped or not) or a folder of
    /// images fitted to `geometry`.
    public static func load(path: String, geometry: Geometry) throws -> ImageDataset {
        let url = URL(fileURLWithPath: path)
        let kind = FileKind(path: path)
        guard kind != .missing else {
            throw DatasetError.unreadable(path: path, reason: "no such file or folder")
        }
        if kind == .folder { return try folder(url, geometry: geometry) }
        guard isIDX(url) else {
            throw DatasetError.unreadable(path: path, reason: "not an IDX file or a folder of images")
        }
        let data = try idx(contentsOf: url)
        guard data.geometry == geometry else {
            throw DatasetError.wrongShape(path: path, expected: geometry, got: data.geometry.description)
        }
        return data
    }
}
