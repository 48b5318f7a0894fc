import FoundationEssentials
import IGNFiles
import IGNNeural

/// Errors loading training or evaluation data.
public enum DatasetError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case wrongShape(path: String, expected: Geometry, got: String)
    case empty(String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): \(reason)"
        case let .wrongShape(path, expected, got): return "\(path): images are \(got), the model needs \(expected)"
        case .empty(let path): return "\(path): no images"
        }
    }
}

/// Images held in memory as values in [−1, 1], one after another as `[count][C][H][W]`.
public struct ImageDataset: Sendable {
    public let geometry: Geometry
    public private(set) var values: [Float]
    /// Where the images came from (a path), for model metadata.
    public let source: String

    public init(geometry: Geometry, values: [Float], source: String) {
        precondition(values.count % geometry.count == 0)
        self.geometry = geometry
        self.values = values
        self.source = source
    }

    /// Number of images.
    public var count: Int { values.count / geometry.count }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> ImageDataset {
        let size = geometry.count
        var picked = [Float]()
        picked.reserveCapacity(indices.count * size)
        for i in indices { picked.append(contentsOf: values[i * size..<(i + 1) * size]) }
        return ImageDataset(geometry: geometry, values: picked, source: source)
    }

    /// The first `count` images.
    public func prefix(_ count: Int) -> ImageDataset { subset(Array(0..<min(count, self.count))) }

    /// A deterministic split: `heldOut` images chosen by a seeded shuffle are set aside
    /// and never trained on; the rest train.
    public func split(heldOut: Int, seed: UInt64) -> (training: ImageDataset, heldOut: ImageDataset) {
        var order = Array(0..<count)
        var generator = RandomGenerator(seed: seed ^ 0x5EED_0F_4E1D)
        order.shuffle(using: &generator)
        let held = Array(order.prefix(heldOut)).sorted()
        let train = Array(order.dropFirst(heldOut)).sorted()
        return (subset(train), subset(held))
    }

    /// Copies the images at `indices` into `batch` (channel-major), mirroring left–right
    /// those whose `flip` entry is true.
    public func fill(_ batch: FeatureMaps, indices: [Int], flip: [Bool]? = nil) {
        let (channels, height, width) = (geometry.channels, geometry.height, geometry.width)
        batch.resize(geometry, batch: indices.count)
        let plane = height * width
        values.withUnsafeBufferPointer { source in
            for (n, index) in indices.enumerated() {
                let mirrored = flip?[n] ?? false
                for c in 0..<channels {
                    let from = source.baseAddress! + (index * channels + c) * plane
                    let to = batch.pointer + (c * indices.count + n) * plane
                    if !mirrored {
                        to.update(from: from, count: plane)
                    } else {
                        for y in 0..<height {
                            for x in 0..<width { to[y * width + x] = from[y * width + width - 1 - x] }
                        }
                    }
                }
            }
        }
    }

    /// Loads an IDX image file (8-bit, `[count, rows, columns]`, gzipped or not), mapping
    /// 0…255 to −1…1.
    public static func idx(contentsOf url: URL) throws -> ImageDataset {
        let file: IDXFile
        do { file = try IDXFile(contentsOf: url) } catch {
            throw DatasetError.unreadable(path: url.path, reason: "\(error)")
        }
        guard file.shape.count == 3 else {
            throw DatasetError.unreadable(path: url.path, reason: "IDX file is not a stack of 2-D images (shape \(file.shape))")
        }
        let geometry = Geometry(channels: 1, height: file.shape[1], width: file.shape[2])
        return ImageDataset(geometry: geometry, values: file.bytes.map { Float($0) / 127.5 - 1 },
                            source: url.path)
    }

    /// Whether a file looks like IDX data (gzip, or the IDX magic 00 00 08).
    public static func isIDX(_ url: URL) -> Bool {
        guard let head = readPrefix(of: url.path, count: 4) else { return false }
        if Gzip.isCompressed(Data(head)) { return true }
        return head.count == 4 && head[head.startIndex] == 0 && head[head.startIndex + 1] == 0
            && head[head.startIndex + 2] == 8
    }
}
