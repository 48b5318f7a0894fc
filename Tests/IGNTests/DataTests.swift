import Foundation
import IGN
import IGNImage
import IGNNeural
import IGNTestSupport
import XCTest

final class DataTests: XCTestCase {
    private func idx(count: Int, rows: Int, columns: Int) -> Data {
        var bytes: [UInt8] = [0, 0, 8, 3]
        for size in [count, rows, columns] { bytes += [0, 0, UInt8(size >> 8), UInt8(size & 255)] }
        bytes += (0..<count * rows * columns).map { UInt8($0 % 256) }
        return Data(bytes)
    }

    func testIDXPlainAndGzippedAndBroken() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("images-idx3-ubyte")
        try idx(count: 3, rows: 4, columns: 5).write(to: plain)
        let data = try ImageDataset.idx(contentsOf: plain)
        XCTAssertEqual(data.count, 3)
        XCTAssertEqual(data.geometry, Geometry(channels: 1, height: 4, width: 5))
        XCTAssertEqual(data.values[0], -1)
        XCTAssertEqual(data.values[59], Float(59) / 127.5 - 1, accuracy: 1e-6)

        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", plain.path]
        try gzip.run()
        gzip.waitUntilExit()
        let zipped = try ImageDataset.idx(contentsOf: folder.appendingPathComponent("images-idx3-ubyte.gz"))
        XCTAssertEqual(zipped.values, data.values)

        let truncated = folder.appendingPathComponent("truncated")
        try idx(count: 3, rows: 4, columns: 5).prefix(40).write(to: truncated)
        XCTAssertThrowsError(try ImageDataset.idx(contentsOf: truncated))
        let notIDX = folder.appendingPathComponent("text")
        try Data("hello, world".utf8).write(to: notIDX)
        XCTAssertThrowsError(try ImageDataset.load(path: notIDX.path, geometry: Geometry(channels: 1, height: 4, width: 5)))
        let badGzip = folder.appendingPathComponent("bad.gz")
        try Data([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6]).write(to: badGzip)
        XCTAssertThrowsError(try ImageDataset.idx(contentsOf: badGzip))
        // Wrong geometry for the model.
        XCTAssertThrowsError(try ImageDataset.load(path: plain.path, geometry: Geometry(channels: 1, height: 28, width: 28)))
    }

    func testFolderOfImagesIsFittedToTheModel() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let red = try Image(width: 16, height: 12, colorModel: .rgb, fill: [65535, 0, 0])
        try Data(red.encoded(EncodeOptions(format: .png))).write(to: folder.appendingPathComponent("a.png"))
        try Data(red.encoded(EncodeOptions(format: .jpeg))).write(to: folder.appendingPathComponent("b.jpg"))
        try Data("not an image".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let data = try ImageDataset.load(path: folder.path, geometry: Geometry(channels: 1, height: 8, width: 8))
        XCTAssertEqual(data.count, 2)
        XCTAssertEqual(data.geometry, Geometry(channels: 1, height: 8, width: 8))
        let emptyFolder = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: emptyFolder, withIntermediateDirectories: true)
        XCTAssertThrowsError(try ImageDataset.load(path: emptyFolder.path, geometry: data.geometry))
    }

    func testHeldOutSplitIsDisjointAndRepeatable() {
        let data = blobImages(count: 20)
        let (train, held) = data.split(heldOut: 5, seed: 9)
        XCTAssertEqual(train.count, 15)
        XCTAssertEqual(held.count, 5)
        XCTAssertEqual(data.split(heldOut: 5, seed: 9).heldOut.values, held.values)
        let size = data.geometry.count
        let heldImages = Set((0..<5).map { Array(held.values[$0 * size..<($0 + 1) * size]) })
        for i in 0..<15 { XCTAssertFalse(heldImages.contains(Array(train.values[i * size..<(i + 1) * size]))) }
    }

    /// Frequency noise fitted to images reproduces their mean image on average.
    func testFrequencyNoiseMatchesTheDataMean() {
        let data = blobImages(count: 200)
        let statistics = FrequencyStatistics(images: data.values, count: data.count, geometry: data.geometry)
        let maps = FeatureMaps()
        maps.resize(data.geometry, batch: 2000)
        var generator = RandomGenerator(seed: 1)
        statistics.sample(into: maps, generator: &generator)
        let size = data.geometry.count
        for pixel in [0, 9, 27, 63] {
            let dataMean = (0..<data.count).reduce(Float(0)) { $0 + data.values[$1 * size + pixel] } / Float(data.count)
            let noiseMean = (0..<2000).reduce(Float(0)) { $0 + maps.pointer[$1 * size + pixel] } / 2000
            XCTAssertEqual(noiseMean, dataMean, accuracy: 0.08, "pixel \(pixel)")
        }
    }
}
