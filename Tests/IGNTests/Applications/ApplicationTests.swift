import Foundation
import IGN
import IGNImage
import IGNNeural
import XCTest

/// The properties each application promises, on the bundled model and a tiny colour model.
final class ApplicationTests: XCTestCase {
    func testInferenceNetworksAreValuesThatLeaveTheModelAlone() throws {
        let model = try bundledModel()
        let before = NormalizationStatistics(current: model.network)
        let images = try model.inferenceNetwork(statisticsSet: "images")
        let noise = try model.inferenceNetwork(statisticsSet: "noise")
        XCTAssertTrue(images === (try model.inferenceNetwork(for: .project)), "cached per set")
        XCTAssertEqual(NormalizationStatistics(current: model.network), before, "the model's own buffers are untouched")
        let input = try fashionTestImages(count: 1)[0].normalizedPlanar()
        let x = FeatureMaps(channels: 1, batch: 1, height: 28, width: 28)
        input.withUnsafeBufferPointer { x.pointer.update(from: $0.baseAddress!, count: 784) }
        let a = model.apply(x, using: images).nchw().scalars, b = model.apply(x, using: noise).nchw().scalars
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(model.apply(x, using: try model.inferenceNetwork(statisticsSet: "images")).nchw().scalars, a)
        XCTAssertThrowsError(try model.inferenceNetwork(statisticsSet: "nope"))
    }

    func testDenoisingRaisesPSNROnHeavilyNoisyTestImages() throws {
        let model = try bundledModel()
        let denoiser = try Denoiser(model: model)
        var degradation = Degradation()
        degradation.noise = 0.4
        var noisyTotal = 0.0, denoisedTotal = 0.0
        let clean = try fashionTestImages(count: 20)
        for (index, image) in clean.enumerated() {
            degradation.seed = UInt64(index)
            let noisy = try degradation.apply(to: image)
            noisyTotal += psnr(noisy, image)
            denoisedTotal += psnr(try denoiser.denoise(noisy), image)
        }
        XCTAssertGreaterThan(denoisedTotal / 20, noisyTotal / 20 + 2, "denoising gains over 2 dB at σ 0.4")
        // Strength 0 returns the (fitted) input; strength 1 the projection.
        let noisy = try degradation.apply(to: clean[0])
        XCTAssertEqual(try Denoiser(model: model, strength: 0).denoise(noisy), noisy)
        XCTAssertEqual(try Denoiser(model: model, strength: 1).denoise(noisy), try denoiser.projector.project(noisy))
        XCTAssertThrowsError(try Denoiser(model: model, strength: 1.5))
    }

    func testDegradationIsDeterministicWithASeedAndKeepsTheShape() throws {
        let card = try colourCard(width: 37, height: 23)
        var degradation = Degradation()
        degradation.noise = 0.3
        degradation.mask = (5, 5, 10, 6)
        degradation.seed = 11
        let first = try degradation.apply(to: card)
        XCTAssertEqual(try degradation.apply(to: card), first)
        XCTAssertEqual([first.width, first.height], [37, 23])
        XCTAssertEqual(first.colorModel, .rgb)
        degradation.seed = 12
        XCTAssertNotEqual(try degradation.apply(to: card), first)
        var gray = Degradation()
        gray.gray = true
        let grayed = try gray.apply(to: card)
        for pixel in 0..<grayed.pixelCount {
            XCTAssertEqual(grayed.samples[3 * pixel], grayed.samples[3 * pixel + 1])
            XCTAssertEqual(grayed.samples[3 * pixel], grayed.samples[3 * pixel + 2])
        }
        var sketch = Degradation()
        sketch.sketch = true
        let sketched = try sketch.apply(to: card)
        XCTAssertNotEqual(sketched, grayed)
        // A flat region (inside the disc) sketches to white: luma equals its blur.
        XCTAssertEqual(sketched[18, 11, 0], 65535)
    }

    func testColorizeKeepsLuminanceAndChangesChroma() throws {
        let colorizer = try Colorizer(model: tinyColourModel())
        let gray = try colourCard(width: 50, height: 30).converted(to: .gray)
        let colour = try colorizer.colorize(gray)
        XCTAssertEqual(colour.colorModel, .rgb)
        XCTAssertEqual([colour.width, colour.height], [50, 30])
        var chroma = 0
        for pixel in 0..<colour.pixelCount {
            let (r, g, b) = (Int(colour.samples[3 * pixel] / 257), Int(colour.samples[3 * pixel + 1] / 257),
                             Int(colour.samples[3 * pixel + 2] / 257))
            let luma = 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)
            XCTAssertEqual(luma, Double(gray.samples[pixel] / 257), accuracy: 1, "pixel \(pixel)")
            chroma += max(r, g, b) - min(r, g, b)
        }
        XCTAssertGreaterThan(chroma, colour.pixelCount, "colours differ from gray")
        let raw = try colorizer.colorize(gray, raw: true)
        XCTAssertEqual([raw.width, raw.height], [64, 64])
        XCTAssertThrowsError(try Colorizer(model: bundledModel())) { error in
            XCTAssertTrue("\(error)".contains("colour model"), "\(error)")
        }
    }

    func testCompositeChangesThePastedRegionMostAndKeepSizeLeavesFarPixels() throws {
        let model = try bundledModel()
        let compositor = try Compositor(model: model)
        let images = try fashionTestImages(count: 2)
        let background = try images[0].resized(width: 112, height: 112)
        let overlay = try images[1].cropped(x: 6, y: 6, width: 16, height: 16)
        let (pasted, result) = try compositor.composite(overlay, onto: background, atX: 8, y: 8, keepSize: true)
        XCTAssertEqual([result.width, result.height], [112, 112])
        XCTAssertNotEqual(result, pasted)
        // Far from the overlay (beyond twice the margin of 14 px), nothing changed.
        for y in 60..<112 {
            for x in 60..<112 { XCTAssertEqual(result[x, y, 0], pasted[x, y, 0]) }
        }
        // Inside the pasted rectangle the change is larger than on average elsewhere.
        func meanChange(_ xs: Range<Int>, _ ys: Range<Int>) -> Double {
            var total = 0.0
            for y in ys { for x in xs { total += abs(Double(result[x, y, 0]) - Double(pasted[x, y, 0])) } }
            return total / Double(xs.count * ys.count)
        }
        XCTAssertGreaterThan(meanChange(8..<24, 8..<24), meanChange(0..<112, 40..<112))
        // A half-transparent black overlay on black stays black: its alpha blends it once.
        let blackBackground = try Image(width: 20, height: 20, colorModel: .gray, fill: [0])
        let halfBlack = try Image(width: 6, height: 6, colorModel: .grayAlpha, fill: [0, 32768])
        XCTAssertEqual(try compositor.paste(halfBlack, onto: blackBackground, atX: -2, y: 17), blackBackground)
        // A mask of black shows none of the overlay: the paste is the background.
        let black = try Image(width: 16, height: 16, colorModel: .gray, fill: [0])
        XCTAssertEqual(try compositor.paste(overlay, onto: background, atX: 8, y: 8, mask: black), background)
    }

    func testLatentsRoundTripInterpolateAndMix() throws {
        let model = try bundledModel()
        let images = try fashionTestImages(count: 3)
        for space in Latent.Space.allCases {
            let editor = try LatentEditor(model: model, space: space)
            let a = try editor.encode(images[0]), b = try editor.encode(images[1])
            // encode → decode is projection.
            XCTAssertEqual(try editor.decode(a), try Projector(model: model).project(images[0]), "\(space)")
            // Through the file format, bit for bit.
            XCTAssertEqual(try Latent(fileBytes: a.fileBytes()), a)
            let frames = try editor.interpolate(a, b, frames: 5)
            XCTAssertEqual(frames.count, 5)
            XCTAssertEqual(try editor.decode(frames[0]), try editor.decode(a))
            XCTAssertEqual(try editor.decode(frames[4]), try editor.decode(b))
            let mixed = try editor.mix([(1, a), (-1, b), (1, b)])
            for (x, y) in zip(mixed.values, a.values) { XCTAssertEqual(x, y, accuracy: 1e-5) }
        }
        // Latents of another space or model are refused with a clear message.
        let noise = try LatentEditor(model: model, space: .noise)
        let bottleneck = try LatentEditor(model: model, space: .bottleneck)
        XCTAssertThrowsError(try noise.decode(bottleneck.encode(images[2]))) { error in
            XCTAssertTrue("\(error)".contains("--space bottleneck"), "\(error)")
        }
        var other = try noise.encode(images[2])
        other.model = "0123456789abcdef"
        XCTAssertThrowsError(try noise.decode(other)) { XCTAssertTrue("\($0)".contains("another model")) }
        XCTAssertThrowsError(try Latent(fileBytes: Array("not a latent".utf8)))
        XCTAssertEqual(model.identity, try bundledModel().identity)
        XCTAssertNotEqual(model.identity, try tinyColourModel().identity)
    }

    func testLatentExpressions() throws {
        let expression = try LatentExpression(parsing: "A - B + 0.5*C - 2D")
        XCTAssertEqual(expression.terms.map(\.weight), [1, -1, 0.5, -2])
        XCTAssertEqual(expression.terms.map(\.name), ["A", "B", "C", "D"])
        XCTAssertEqual(expression.names, ["A", "B", "C", "D"])
        XCTAssertEqual(try LatentExpression(parsing: " -A + 0.5 * B").terms.map(\.weight), [-1, 0.5])
        for bad in ["", "A B", "A + ", "x", "A + 1..2*B", "+", "1 2A", "1e3*A", "99999999999999999999999999999999999999999A"] {
            XCTAssertThrowsError(try LatentExpression(parsing: bad), bad)
        }
    }

    func testPlacementsFitAndRestoreAnyShape() throws {
        let card = try colourCard(width: 40, height: 30)
        let geometry = Geometry(channels: 3, height: 64, width: 64)
        for mode in FitMode.allCases {
            let placement = ImagePlacement(width: 40, height: 30, geometry: geometry, mode: mode)
            let fitted = try placement.fit(card, background: .white)
            XCTAssertEqual([fitted.width, fitted.height], [64, 64], "\(mode)")
            let restored = try placement.restore(fitted, original: card, background: .white)
            XCTAssertEqual([restored.width, restored.height], [40, 30], "\(mode)")
            XCTAssertGreaterThan(psnr(restored, card), 20, "\(mode): fit then restore is nearly lossless")
        }
        // Padding fills with the background, centred: the top rows of the fitted card are white.
        let padded = try ImagePlacement(width: 40, height: 30, geometry: geometry, mode: .pad).fit(card, background: .white)
        XCTAssertEqual(padded[32, 0, 0], 65535)
    }
}
