import IGNImage
import IGNNeural

/// How an image whose shape differs from the model's is fitted to it.
public enum FitMode: String, CaseIterable, Sendable {
    /// Pad to the model's aspect ratio with the background colour, centred, then scale:
    /// nothing is lost or distorted (the default).
    case pad
    /// Cut the largest centred rectangle of the model's aspect ratio, then scale.
    case crop
    /// Scale each axis to the model's size, distorting the aspect ratio.
    case resize
}

/// Where an image sits in the model's frame, and the way back: `fit` turns an image into
/// the model's input, `restore` turns a model-sized result back into an image of the
/// original's size.
public struct ImagePlacement: Sendable, Equatable {
    public let mode: FitMode
    /// The original image's size.
    public let width: Int, height: Int
    /// The canvas (pad) or crop rectangle that is scaled to the model's size, in the
    /// original's coordinates; for `pad` the offset is where the image sits on the canvas.
    public let canvasWidth: Int, canvasHeight: Int
    public let offsetX: Int, offsetY: Int
    /// The model's geometry.
    public let geometry: Geometry

    /// The placement of a `width × height` image in a model of `geometry`.
    public init(width: Int, height: Int, geometry: Geometry, mode: FitMode) {
        self.mode = mode
        self.width = width
        self.height = height
        self.geometry = geometry
        // The canvas has the model's aspect ratio (gw : gh), rounded to whole pixels.
        let (gw, gh) = (geometry.width, geometry.height)
        switch mode {
        case .resize:
            (canvasWidth, canvasHeight) = (width, height)
        case .pad:
            let w = max(width, (height * gw + gh - 1) / gh), h = max(height, (width * gh + gw - 1) / gw)
            (canvasWidth, canvasHeight) = (w, h)
        case .crop:
            let w = min(width, height * gw / gh), h = min(height, width * gh / gw)
            (canvasWidth, canvasHeight) = (max(1, w), max(1, h))
        }
        offsetX = abs(canvasWidth - width) / 2
        offsetY = abs(canvasHeight - height) / 2
    }

    /// The image as the model takes it: alpha flattened onto `background`, converted to the
    /// model's channels, padded or cropped, scaled to its size.
    public func fit(_ image: Image, background: RGBColor) throws -> Image {
        let target: ColorModel = geometry.channels == 1 ? .gray : .rgb
        guard geometry.channels == 1 || geometry.channels == 3 else {
            throw IGNModelError.invalid("models of \(geometry.channels) channels cannot take images")
        }
        let fitted = image.converted(to: target, background: background)
        switch mode {
        case .resize:
            return try fitted.resized(width: geometry.width, height: geometry.height)
        case .crop:
            return try fitted.cropped(x: offsetX, y: offsetY, width: canvasWidth, height: canvasHeight)
                .resized(width: geometry.width, height: geometry.height)
        case .pad:
            // The padded canvas is never made: it can be far larger than the image (a
            // 1,000,000×16 image on a square canvas: 10^12 pixels).
            let fill: [UInt16] = target == .gray ? [background.luma] : [background.red, background.green, background.blue]
            return try fitted.placed(onCanvas: canvasWidth, canvasHeight, atX: offsetX, y: offsetY, fill: fill,
                                     resizedTo: geometry.width, geometry.height)
        }
    }

    /// A model-sized result back at the original's size. For `crop`, the parts outside the
    /// crop come from `original` (converted to the result's colour model).
    public func restore(_ result: Image, original: Image, background: RGBColor) throws -> Image {
        switch mode {
        case .resize:
            return try result.resized(width: width, height: height)
        case .pad:
            return try result.resized(width: canvasWidth, height: canvasHeight,
                                      croppedTo: (offsetX, offsetY, width, height))
        case .crop:
            let inside = try result.resized(width: canvasWidth, height: canvasHeight)
            return try original.converted(to: result.colorModel, background: background)
                .replacing(with: inside, atX: offsetX, y: offsetY)
        }
    }
}
