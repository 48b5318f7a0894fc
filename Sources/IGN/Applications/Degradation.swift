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

    /// The working set of `apply` beyond the image it is given (see ``WorkingSet``): the
    /// sketch's blurred luma (4 bytes per pixel) and, for an image with alpha, the flattened
    /// copy the result is made in; otherwise the image is degraded in place.
    public var workingSet: WorkingSet {
        let sketch = self.sketch
        return WorkingSet { model in
            (sketch ? 4 : 0) + (model.hasAlpha ? 2 * model.colorChannelCount : 0)
        }
    }

    /// The degraded image, made in place in the samples of `image` (or of its flattened copy,
    /// when it has alpha), one pixel at a time: besides the image, only the sketch's blurred
    /// luma is a whole plane. The values are those of the whole-image computation in planar
    /// floats that this replaces (the same arithmetic, the same random draws in the same
    /// order), to the bit.
    public func apply(to image: consuming Image) throws -> Image {
        var result = consume image
        if result.colorModel.hasAlpha { result = result.flattened(onto: background) }
        let (width, height) = (result.width, result.height)
        let channels = result.colorModel.channelCount, plane = width * height
        precondition(channels == 1 || channels == 3, "flattened images are gray or RGB")
        // The random streams, as one generator drew them: the mask's uniform values for
        // channel 0, 1, 2 of the rectangle, then the noise for every sample, channel-major.
        let generator = RandomGenerator(seed: seed)
        let rectangle = maskRectangle(width: width, height: height)
        let maskArea = rectangle.map { $0.columns.count * $0.rows.count } ?? 0
        var maskStreams = (0..<channels).map { UniformStream(generator, skipping: $0 * maskArea) }
        var noiseStreams = noise > 0
            ? (0..<channels).map { NormalStream(generator, skipping: channels * maskArea, then: $0 * plane,
                                                standardDeviation: noise / 2) }
            : []
        var blurred: [Float] = []
        if sketch {
            blurred = [Float](unsafeUninitializedCapacity: plane) { values, initialized in
                result.samples.withUnsafeBufferPointer { samples in
                    for i in 0..<plane { values[i] = Degradation.luma(samples.baseAddress! + i * channels, channels) }
                }
                initialized = plane
            }
            let sigma = max(1.0, Double(min(width, height)) / 24)
            blurred.withUnsafeMutableBufferPointer { GaussianBlur.blur($0, width: width, height: height, sigma: sigma) }
        }
        var values: (Float, Float, Float) = (0, 0, 0)
        result.samples.withUnsafeMutableBufferPointer { samples in
            for y in 0..<height {
                let maskRow = rectangle.map { $0.rows.contains(y) } ?? false
                for x in 0..<width {
                    let i = y * width + x
                    let pixel = samples.baseAddress! + i * channels
                    if gray || sketch {
                        var luma = Degradation.luma(pixel, channels)
                        if sketch { luma = min(1, luma / max(blurred[i], 1e-3)) }
                        values = (luma, luma, luma)
                    } else {
                        values = (Degradation.value(pixel[0]), channels == 3 ? Degradation.value(pixel[1]) : 0,
                                  channels == 3 ? Degradation.value(pixel[2]) : 0)
                    }
                    let masked = maskRow && rectangle!.columns.contains(x)
                    for c in 0..<channels {
                        var value = c == 0 ? values.0 : c == 1 ? values.1 : values.2
                        if masked { value = maskStreams[c].next() }
                        if !noiseStreams.isEmpty { value = min(1, max(0, value + noiseStreams[c].next())) }
                        pixel[c] = PlanarImage.sample(unit: value)
                    }
                }
            }
        }
        return result
    }

    /// The mask's rectangle clipped to the image, or nil when none or nothing of it is inside.
    private func maskRectangle(width: Int, height: Int) -> (columns: Range<Int>, rows: Range<Int>)? {
        guard let mask else { return nil }
        let left = max(0, mask.x), right = min(width, mask.x + mask.width)
        let top = max(0, mask.y), bottom = min(height, mask.y + mask.height)
        return left < right && top < bottom ? (left..<right, top..<bottom) : nil
    }

    @inline(__always) static func value(_ sample: UInt16) -> Float { PlanarImage.unit(sample) }

    /// Rec. 601 luma of a gray or RGB pixel on the 0…1 scale.
    @inline(__always) static func luma(_ pixel: UnsafePointer<UInt16>, _ channels: Int) -> Float {
        channels == 3 ? rec601Luma(red: value(pixel[0]), green: value(pixel[1]), blue: value(pixel[2])) : value(pixel[0])
    }
    @inline(__always) static func luma(_ pixel: UnsafeMutablePointer<UInt16>, _ channels: Int) -> Float {
        luma(UnsafePointer(pixel), channels)
    }
}

/// Uniform values in [0, 1) from a generator, after `skipping` draws.
struct UniformStream {
    private var generator: RandomGenerator

    init(_ generator: RandomGenerator, skipping count: Int) {
        self.generator = generator
        for _ in 0..<count { _ = self.generator.next() }
    }

    mutating func next() -> Float { generator.nextUniform() }
}

/// Normal values from a generator as `fillNormal` draws them (Box–Muller pairs), starting
/// `skipping + then` values in after skipping `skipping` raw draws: the values one call for
/// all of them would give from that point, made a block at a time.
struct NormalStream {
    private var generator: RandomGenerator
    private var block = [Float](repeating: 0, count: 4096)
    private var position = 4096
    private let standardDeviation: Float

    init(_ generator: RandomGenerator, skipping draws: Int, then values: Int, standardDeviation: Float) {
        self.generator = generator
        self.standardDeviation = standardDeviation
        for _ in 0..<(draws + 2 * (values / 2)) { _ = self.generator.next() }   // each pair takes two draws
        if values % 2 == 1 { refill(); position = 1 }   // starts on the second value of a pair
    }

    private mutating func refill() {
        block.withUnsafeMutableBufferPointer {
            generator.fillNormal($0.baseAddress!, count: $0.count, standardDeviation: standardDeviation)
        }
        position = 0
    }

    mutating func next() -> Float {
        if position == block.count { refill() }
        position += 1
        return block[position - 1]
    }
}
