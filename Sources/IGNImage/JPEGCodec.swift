import CImageCodecs

/// JPEG through libjpeg-turbo: baseline and progressive, any subsampling, gray, YCbCr, RGB,
/// CMYK and YCCK (Adobe-inverted or not), with the EXIF orientation applied.
enum JPEGCodec {
    static func decode(_ bytes: [UInt8], limits: DecodeLimits) throws -> DecodedImage {
        let orientation = ExifOrientation.read(fromJPEG: bytes)
        let (raster, image) = try ShimRaster.decode(format: .jpeg, bytes: bytes, limits: limits,
                                                    copies: orientation == .up ? 1 : 2, ign_jpeg_decode)
        return DecodedImage(image: image.oriented(orientation), info: info(raster, orientation: orientation))
    }

    static func memoryNeeded(_ bytes: [UInt8], limits: DecodeLimits) throws -> Int {
        try ShimRaster.memoryNeeded(format: .jpeg, bytes: bytes, limits: limits,
                                    copies: ExifOrientation.read(fromJPEG: bytes) == .up ? 1 : 2, ign_jpeg_decode)
    }

    static func info(_ bytes: [UInt8], limits: DecodeLimits) throws -> ImageInfo {
        let raster = try ShimRaster.header(format: .jpeg, bytes: bytes, limits: limits, ign_jpeg_decode)
        return info(raster, orientation: ExifOrientation.read(fromJPEG: bytes))
    }

    static func encode(_ image: Image, quality: Int) throws -> [UInt8] {
        precondition(!image.colorModel.hasAlpha, "flatten alpha before writing JPEG")
        return try ShimRaster.encode(format: .jpeg) { output, size, message, capacity in
            image.samples.withUnsafeBufferPointer { samples in
                ign_jpeg_encode(samples.baseAddress, UInt32(image.width), UInt32(image.height),
                                Int32(image.colorModel.channelCount), Int32(quality), output, size, message, capacity)
            }
        }
    }

    /// The header's size, swapped when the orientation turns the image on its side.
    private static func info(_ raster: ign_raster, orientation: ExifOrientation) -> ImageInfo {
        let names = [1: "gray", 2: "RGB", 3: "YCbCr", 4: "CMYK", 5: "YCCK"]
        var storage = names[Int(raster.color_type)] ?? "colour space \(raster.color_type)"
        if orientation != .up { storage += ", EXIF orientation \(orientation.rawValue)" }
        let (width, height) = orientation.swapsAxes
            ? (Int(raster.height), Int(raster.width)) : (Int(raster.width), Int(raster.height))
        return ImageInfo(format: .jpeg, width: width, height: height,
                         colorModel: ColorModel(channelCount: Int(raster.channels)) ?? .rgb,
                         bitDepth: Int(raster.source_depth), interlaced: raster.interlaced != 0, storage: storage)
    }
}
