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
        // A gray image for a colour model is fitted in gray and made RGB at the model's size:
        // the same samples (gray → RGB copies the value, and each channel is resampled with
        // the same arithmetic) without an RGB copy of the whole image. Not when padding
        // with a colour, which a gray canvas cannot hold (a gray one's luma is its value).
        let paddingIsGray = background.red == background.green && background.green == background.blue
        if target == .rgb && !image.colorModel.isColor && (mode != .pad || paddingIsGray) {
            let gray = ImagePlacement(width: width, height: height,
                                      geometry: Geometry(channels: 1, height: geometry.height, width: geometry.width),
                                      mode: mode)
            return try gray.fit(image, background: background).converted(to: .rgb)
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

    /// Rows `rows` of what ``restore(_:original:background:)`` makes of `result`, as far as
    /// they come from `result`: the part and where its top-left corner lies in the original's
    /// frame, or nil when none of those rows does (for `crop`, everything outside the crop
    /// comes from the original instead). For work in strips on results of any size.
    public func restoredPart(of result: Image, rows: Range<Int>) throws -> (image: Image, x: Int, y: Int)? {
        guard !rows.isEmpty, rows.lowerBound >= 0, rows.upperBound <= height else { return nil }
        switch mode {
        case .resize:
            let part = try result.resized(width: width, height: height,
                                          croppedTo: (0, rows.lowerBound, width, rows.count))
            return (part, 0, rows.lowerBound)
        case .pad:
            let part = try result.resized(width: canvasWidth, height: canvasHeight,
                                          croppedTo: (offsetX, offsetY + rows.lowerBound, width, rows.count))
            return (part, 0, rows.lowerBound)
        case .crop:
            let inside = rows.clamped(to: offsetY..<(offsetY + canvasHeight))
            guard !inside.isEmpty else { return nil }
            let part = try result.resized(width: canvasWidth, height: canvasHeight,
                                          croppedTo: (0, inside.lowerBound - offsetY, canvasWidth, inside.count))
            return (part, offsetX, inside.lowerBound)
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
