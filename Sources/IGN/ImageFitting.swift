import IGNImage
import IGNNeural

/// Moving images between files' shapes and a model's: fitting any image to the model's
/// channels and size, and turning results back into images.
public enum ImageFitting {
    /// The image as model input: alpha flattened onto `background`, converted to gray or
    /// RGB as the model needs, resized to its size, values in [−1, 1], planar `[C][H][W]`.
    public static func modelInput(_ image: Image, geometry: Geometry,
                                  background: RGBColor = .white) throws -> [Float] {
        let model: ColorModel = geometry.channels == 1 ? .gray : .rgb
        guard geometry.channels == 1 || geometry.channels == 3 else {
            throw IGNModelError.invalid("models of \(geometry.channels) channels cannot take images")
        }
        var fitted = image.colorModel.hasAlpha ? image.flattened(onto: background) : image
        fitted = fitted.converted(to: model, background: background)
        if fitted.width != geometry.width || fitted.height != geometry.height {
            fitted = try fitted.resized(width: geometry.width, height: geometry.height)
        }
        return fitted.normalizedPlanar()
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
