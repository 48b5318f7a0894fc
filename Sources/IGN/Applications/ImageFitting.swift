import IGNImage
import IGNNeural

/// Moving images between files' shapes and a model's: fitting any image to the model's
/// channels and size, and turning results back into images.
public enum ImageFitting {
    /// The image as model input, the way training data is fitted: alpha flattened onto
    /// `background`, converted to gray or RGB as the model needs, scaled to its size (aspect
    /// not kept; commands fit with `Projector.modelInput` and its `--fit` mode instead),
    /// values in [−1, 1], planar `[C][H][W]`.
    public static func resizedModelInput(_ image: Image, geometry: Geometry,
                                         background: RGBColor = .white) throws -> [Float] {
        try ImagePlacement(width: image.width, height: image.height, geometry: geometry, mode: .resize)
            .fit(image, background: background).normalizedPlanar()
    }

    /// Images laid side by side, left to right, on one row (all of the same height and
    /// colour model), `gap` pixels of `background` apart.
    public static func strip(_ images: [Image], gap: Int = 2, background: RGBColor = .white) throws -> Image {
        guard let first = images.first else { throw IGNModelError.invalid("no images to lay out") }
        let width = images.reduce(0) { $0 + $1.width } + gap * (images.count - 1)
        let fill: [UInt16] = first.colorModel.isColor ? [background.red, background.green, background.blue]
            : [background.luma]
        var canvas = try Image(width: width, height: first.height, colorModel: first.colorModel.withAlpha(false),
                               fill: fill)
        var x = 0
        for image in images {
            canvas = try canvas.replacing(with: image.converted(to: canvas.colorModel, background: background), atX: x, y: 0)
            x += image.width + gap
        }
        return canvas
    }

    /// An 8-bit image from one model output (planar values in [−1, 1], clamped).
    public static func image(fromPlanar values: [Float], geometry: Geometry) throws -> Image {
        try Image(normalizedPlanar: values, width: geometry.width, height: geometry.height,
                  colorModel: geometry.channels == 1 ? .gray : .rgb)
    }

    /// Image `index` of a batch of channel-major maps, as planar `[C][H][W]` values.
    public static func planar(_ maps: FeatureMaps, index: Int) -> [Float] {
        let plane = maps.planeSize
        var values = [Float](repeating: 0, count: maps.channels * plane)
        for c in 0..<maps.channels {
            let source = maps.pointer + (c * maps.batch + index) * plane
            for i in 0..<plane { values[c * plane + i] = source[i] }
        }
        return values
    }

    /// A `columns × rows` grid of the first images of `maps`, left to right, top to bottom,
    /// separated by `gap` pixels of black.
    public static func grid(_ maps: FeatureMaps, columns: Int, rows: Int, gap: Int = 0) throws -> Image {
        let (h, w, c) = (maps.height, maps.width, maps.channels)
        let width = columns * w + (columns - 1) * gap, height = rows * h + (rows - 1) * gap
        var values = [Float](repeating: -1, count: c * width * height)
        for index in 0..<min(maps.batch, columns * rows) {
            let (gx, gy) = ((index % columns) * (w + gap), (index / columns) * (h + gap))
            for ch in 0..<c {
                let source = maps.pointer + (ch * maps.batch + index) * h * w
                for y in 0..<h {
                    for x in 0..<w { values[(ch * height + gy + y) * width + gx + x] = source[y * w + x] }
                }
            }
        }
        return try Image(normalizedPlanar: values, width: width, height: height,
                         colorModel: c == 1 ? .gray : .rgb)
    }
}
