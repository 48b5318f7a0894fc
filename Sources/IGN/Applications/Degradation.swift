import IGNImage
import IGNNeural

/// The out-of-distribution inputs of the IGN paper, made from clean images: additive noise,
/// grayscale, a pencil sketch and a noise-filled patch. Works on any image size and is
/// deterministic for a given seed (so images of one size degraded with one seed get the
/// same noise). Applied in the order gray, sketch, patch, noise; the
/// result keeps the input's colour model (alpha flattened onto `background`).
public struct Degradation: Sendable, Equatable {
    /// Standard deviation of Gaussian noise, in the −1…1 units models use (0: none).
    public var noise: Float = 0
    /// Replace colour by Rec. 601 luma (copied to every channel of a colour image).
    public var gray = false
    /// A pencil sketch: luma divided by its Gaussian blur (colour dodge), clipped to 1.
    public var sketch = false
    /// A rectangle filled with uniform noise (x, y, width, height), clipped to the image.
    public var mask: (x: Int, y: Int, width: Int, height: Int)?
    /// Seed of the noise.
    public var seed: UInt64 = 0
    /// The colour alpha is flattened onto.
    public var background: RGBColor = .white

    public init() {}

    public static func == (a: Degradation, b: Degradation) -> Bool {
        a.noise == b.noise && a.gray == b.gray && a.sketch == b.sketch && a.seed == b.seed && a.background == b.background
            && a.mask.map { [$0.x, $0.y, $0.width, $0.height] } == b.mask.map { [$0.x, $0.y, $0.width, $0.height] }
    }

    /// Whether no degradation is asked for (the image would come back unchanged).
    public var isIdentity: Bool { noise == 0 && !gray && !sketch && mask == nil }

    /// The degraded image.
    public func apply(to image: Image) throws -> Image {
        var planar = PlanarImage(image, background: background)
        let (plane, channels) = (planar.plane, planar.channels)
        var generator = RandomGenerator(seed: seed)
        if gray || sketch {
            var luma = [Float](repeating: 0, count: plane)
            if channels == 3 {
                for i in 0..<plane {
                    luma[i] = 0.299 * planar.values[i] + 0.587 * planar.values[plane + i] + 0.114 * planar.values[2 * plane + i]
                }
            } else {
                luma = Array(planar.values[0..<plane])
            }
            if sketch {
                let sigma = max(1.0, Double(min(planar.width, planar.height)) / 24)
                let blurred = ClassicalFilters.gaussianBlur(luma, width: planar.width, height: planar.height, sigma: sigma)
                for i in 0..<plane { luma[i] = min(1, luma[i] / max(blurred[i], 1e-3)) }
            }
            for c in 0..<channels { planar.values.replaceSubrange(c * plane..<(c + 1) * plane, with: luma) }
        }
        if let mask {
            let left = max(0, mask.x), right = min(planar.width, mask.x + mask.width)
            let top = max(0, mask.y), bottom = min(planar.height, mask.y + mask.height)
            if left < right && top < bottom {
                for c in 0..<channels {
                    for y in top..<bottom {
                        for x in left..<right { planar.values[c * plane + y * planar.width + x] = generator.nextUniform() }
                    }
                }
            }
        }
        if noise > 0 {
            // In chunks of an even size: Box–Muller draws pairs, so the values are those one
            // call for all of them would give, without an image-sized array of noise.
            let count = planar.values.count, chunk = 1 << 16
            var values = [Float](repeating: 0, count: min(chunk, count))
            for start in stride(from: 0, to: count, by: chunk) {
                let n = min(chunk, count - start)
                values.withUnsafeMutableBufferPointer { generator.fillNormal($0.baseAddress!, count: n, standardDeviation: noise / 2) }
                for i in 0..<n { planar.values[start + i] = min(1, max(0, planar.values[start + i] + values[i])) }
            }
        }
        return try planar.image(bitDepth: image.bitDepth)
    }
}
