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

    /// A test pattern of every colour model, with alpha that varies, in 16 bits.
    private func pattern(width: Int, height: Int, _ model: ColorModel, seed: UInt32 = 1) throws -> Image {
        let count = width * height * model.channelCount
        let samples = (0..<count).map { UInt16(truncatingIfNeeded: (UInt32($0) &+ seed) &* 2654435761 >> 9) }
        return try Image(width: width, height: height, colorModel: model, bitDepth: 16, samples: samples)
    }

    /// Degradation pixel by pixel in place, with per-channel random streams, gives the
    /// whole-image planar computation's samples for every combination and colour model,
    /// on sizes whose planes are odd (the noise streams then start mid-pair).
    func testStreamedDegradationEqualsThePlanarComputation() throws {
        for model in ColorModel.allCases {
            let image = try pattern(width: 53, height: 37, model)   // 1961 pixels: odd planes
            for (noise, gray, sketch, mask) in [(Float(0.3), false, false, false), (0, true, false, false),
                                                (0.2, false, true, true), (0.5, true, false, true),
                                                (0, false, false, true), (0.1, true, true, false)] {
                var degradation = Degradation()
                degradation.noise = noise
                degradation.gray = gray
                degradation.sketch = sketch
                degradation.mask = mask ? (x: -3, y: 5, width: 20, height: 40) : nil
                degradation.seed = 99
                degradation.background = RGBColor(red8: 200, green8: 30, blue8: 90)
                let label = "\(model) noise \(noise) gray \(gray) sketch \(sketch) mask \(mask)"
                XCTAssertEqual(try degradation.apply(to: image), try PlanarReference.degrade(image, degradation), label)
            }
        }
    }

    /// The denoiser's full-size blend, streamed into the restored result in strips of rows,
    /// gives what whole planar copies gave; so do colourising and compositing at full size.
    func testStreamedBlendsEqualThePlanarComputations() throws {
        let gray = try bundledModel()
        for (model, size) in [(ColorModel.rgba, (150, 97)), (.gray, (97, 150))] {
            let image = try pattern(width: size.0, height: size.1, model)
            let denoiser = try Denoiser(model: gray, strength: 0.4)
            XCTAssertEqual(try denoiser.denoise(image, keepSize: true),
                           try PlanarReference.denoiseKeepingSize(denoiser, image, times: 1), "\(model)")
        }
        let colour = try tinyColourModel()
        for fit in FitMode.allCases {
            let colorizer = try Colorizer(model: colour, fit: fit)
            for model in [ColorModel.gray, .rgba] {
                let image = try pattern(width: 70, height: 45, model)
                XCTAssertEqual(try colorizer.colorize(image), try PlanarReference.colorize(colorizer, image, times: 1),
                               "\(fit) \(model)")
            }
        }
        for fit in FitMode.allCases {
            let compositor = try Compositor(model: gray, fit: fit)
            let background = try pattern(width: 140, height: 75, .rgb, seed: 3)
            let overlay = try pattern(width: 30, height: 20, .grayAlpha, seed: 5)
            let mask = try pattern(width: 9, height: 7, .gray, seed: 8)
            let pasted = try compositor.paste(overlay, onto: background, atX: 100, y: -4, mask: mask)
            XCTAssertEqual(pasted, try PlanarReference.paste(overlay, onto: background, atX: 100, y: -4, mask: mask,
                                                             fill: .white), "\(fit)")
            let rectangle = (x: 100, y: -4, width: 30, height: 20)
            XCTAssertEqual(try compositor.composite(pasted: pasted, around: rectangle, times: 2, keepSize: true),
                           try PlanarReference.compositeKeepingSize(compositor, pasted: pasted, around: rectangle, times: 2),
                           "\(fit)")
        }
    }

    /// A gray image for a colour model is fitted in gray and made RGB at the model's size:
    /// the same samples as converting it to RGB first, for every fit and a gray padding.
    func testGrayImagesAreFittedToColourModelsWithoutAnRGBCopy() throws {
        let geometry = Geometry(channels: 3, height: 16, width: 16)
        for model in [ColorModel.gray, .grayAlpha] {
            let image = try pattern(width: 45, height: 23, model)
            for mode in FitMode.allCases {
                let placement = ImagePlacement(width: 45, height: 23, geometry: geometry, mode: mode)
                for background in [RGBColor.white, RGBColor(red8: 90, green8: 90, blue8: 90), RGBColor(red8: 200, green8: 10, blue8: 0)] {
                    XCTAssertEqual(try placement.fit(image, background: background),
                                   try placement.fit(image.converted(to: .rgb, background: background), background: background),
                                   "\(model) \(mode) \(background)")
                }
            }
        }
    }

    /// The restored parts, strip by strip, are the rows of the whole restoration.
    func testRestoredPartsAreTheRowsOfTheRestoration() throws {
        let result = try pattern(width: 16, height: 16, .rgb)
        let original = try pattern(width: 61, height: 29, .rgb, seed: 4)
        for mode in FitMode.allCases {
            let placement = ImagePlacement(width: 61, height: 29, geometry: Geometry(channels: 3, height: 16, width: 16),
                                           mode: mode)
            let whole = try placement.restore(result, original: original, background: .white)
            for rows in [0..<7, 7..<20, 20..<29, 28..<29] {
                guard let part = try placement.restoredPart(of: result, rows: rows) else {
                    XCTAssertEqual(mode, .crop, "only a crop leaves rows to the original")
                    continue
                }
                XCTAssertEqual(try whole.cropped(x: part.x, y: part.y, width: part.image.width, height: part.image.height),
                               part.image, "\(mode) \(rows)")
            }
        }
    }
}

