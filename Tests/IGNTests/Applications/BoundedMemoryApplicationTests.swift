import IGN
import IGNImage
import IGNNeural
import XCTest

/// The applications' memory use (issue 12, part 4): no padded canvas, no image-sized
/// temporaries that the result does not need, the same results as before.
final class BoundedMemoryApplicationTests: XCTestCase {
    /// Before, `fit` made the padded square canvas (200,000² pixels here: 80 GB) and the
    /// process died failing to allocate it; `restore` made the scaled canvas again. Now neither
    /// canvas exists and the round trip takes a few megabytes.
    func testAVeryWideImageIsPaddedAndRestoredWithoutMakingTheCanvas() throws {
        let image = try Image(width: 200_000, height: 3, colorModel: .gray, fill: [0])
        let placement = ImagePlacement(width: image.width, height: image.height,
                                       geometry: Geometry(channels: 1, height: 28, width: 28), mode: .pad)
        XCTAssertEqual([placement.canvasWidth, placement.canvasHeight], [200_000, 200_000])
        let fitted = try placement.fit(image, background: .white)
        XCTAssertEqual([fitted.width, fitted.height], [28, 28])
        // The middle row holds the black strip's average, the rest is the white background.
        XCTAssertEqual(fitted[0, 0, 0], 65535)
        XCTAssertLessThan(fitted[14, 14, 0], 65535)
        let restored = try placement.restore(fitted, original: image, background: .white)
        XCTAssertEqual([restored.width, restored.height], [200_000, 3])
    }

    /// Noise drawn in chunks is the noise drawn at once (an odd count over several chunks).
    func testDegradationNoiseInChunksIsTheSameNoise() throws {
        let (width, height) = (301, 229)   // 68,929 gray samples: two chunks, an odd total
        let samples = (0..<(width * height)).map { UInt16(truncatingIfNeeded: $0 &* 2654435761 >> 7) }
        let image = try Image(width: width, height: height, colorModel: .gray, bitDepth: 16, samples: samples)
        var degradation = Degradation()
        degradation.noise = 0.4
        degradation.seed = 17
        var generator = RandomGenerator(seed: 17)
        var planar = PlanarImage(image)
        let noise = generator.normal(count: planar.values.count, standardDeviation: 0.2)
        for i in planar.values.indices { planar.values[i] = min(1, max(0, planar.values[i] + noise[i])) }
        XCTAssertEqual(try degradation.apply(to: image), try planar.image(bitDepth: 16))
    }

    /// The one-pass planar conversions and the in-place blend give what the copies gave.
    func testPlanarConversionsAndBlendAreUnchanged() throws {
        let samples = (0..<(37 * 23 * 4)).map { UInt16(truncatingIfNeeded: $0 &* 40503) }
        let image = try Image(width: 37, height: 23, colorModel: .rgba, bitDepth: 16, samples: samples)
        let planar = PlanarImage(image, background: .white)
        XCTAssertEqual(planar.values, image.flattened(onto: .white).normalizedPlanar().map { ($0 + 1) / 2 })
        let other = PlanarImage(image.converted(to: .gray).converted(to: .rgb))
        let blended = planar.blended(toward: other, weight: 0.3)
        var expected = planar.values
        for k in expected.indices { expected[k] = planar.values[k] + 0.3 * (other.values[k] - planar.values[k]) }
        XCTAssertEqual(blended.values, expected)
        XCTAssertEqual(try blended.image(bitDepth: 16),
                       try Image(normalizedPlanar: blended.values.map { $0 * 2 - 1 }, width: 37, height: 23,
                                 colorModel: .rgb, bitDepth: 16))
    }
}
