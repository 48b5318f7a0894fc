import CImageCodecs

/// PNG through libpng: every colour type and bit depth, palette with tRNS, Adam7.
enum PNGCodec {
    static func decode(_ bytes: [UInt8], limits: DecodeLimits) throws -> DecodedImage {
        let (raster, image) = try ShimRaster.decode(format: .png, bytes: bytes, limits: limits, ign_png_decode)
        return DecodedImage(image: image, info: info(raster))
    }

    static func memoryNeeded(_ bytes: [UInt8], limits: DecodeLimits) throws -> Int {
        try ShimRaster.memoryNeeded(format: .png, bytes: bytes, limits: limits, ign_png_decode)
    }

    static func info(_ bytes: [UInt8], limits: DecodeLimits) throws -> ImageInfo {
        info(try ShimRaster.header(format: .png, bytes: bytes, limits: limits, ign_png_decode))
    }

    static func encode(_ image: Image, bitDepth: Int) throws -> [UInt8] {
        let width = UInt32(image.width), height = UInt32(image.height), channels = Int32(image.colorModel.channelCount)
        return try ShimRaster.encode(format: .png) { output, size, message, capacity in
            image.samples.withUnsafeBufferPointer { samples in
                ign_png_encode(samples.baseAddress, width, height, channels, Int32(bitDepth), 6,
                               output, size, message, capacity)
            }
        }
    }

    private static func info(_ raster: ign_raster) -> ImageInfo {
        let storage: String
        switch raster.color_type {
        case 0: storage = "gray"
        case 2: storage = "RGB"
        case 3: storage = "palette"
        case 4: storage = "gray+alpha"
        case 6: storage = "RGBA"
        default: storage = "type \(raster.color_type)"
        }
        return ImageInfo(format: .png, width: Int(raster.width), height: Int(raster.height),
                         colorModel: ColorModel(channelCount: Int(raster.channels)) ?? .rgb,
                         bitDepth: Int(raster.source_depth), interlaced: raster.interlaced != 0, storage: storage)
    }
}
