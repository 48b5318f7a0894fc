import CImageCodecs

/// Turns the C shim's results into Swift values and errors.
enum ShimRaster {
    /// Size of the message buffer handed to the shim.
    static let messageCapacity = 256

    /// Calls a shim decoder and converts its raster into an ``Image``.
    static func decode(
        format: ImageFormat, bytes: [UInt8], limits: DecodeLimits, headerOnly: Bool,
        _ call: (UnsafePointer<UInt8>?, Int, ign_limits, Int32, UnsafeMutablePointer<ign_raster>,
                 UnsafeMutablePointer<CChar>, Int) -> ign_status
    ) throws -> (raster: ign_raster, image: Image?) {
        var raster = ign_raster()
        var message = [CChar](repeating: 0, count: messageCapacity)
        let shimLimits = ign_limits(max_pixels: UInt64(max(0, limits.maxPixels)), max_scans: Int32(clamping: limits.maxScans))
        let status = bytes.withUnsafeBufferPointer { buffer in
            message.withUnsafeMutableBufferPointer { text in
                call(buffer.baseAddress, buffer.count, shimLimits, headerOnly ? 1 : 0, &raster, text.baseAddress!, text.count)
            }
        }
        try check(status, format: format, message: message, raster: raster, limits: limits)
        guard let colorModel = ColorModel(channelCount: Int(raster.channels)) else {
            ign_free(raster.pixels)
            throw ImageError.unsupported("\(raster.channels) channels")
        }
        guard let pixels = raster.pixels else { return (raster, nil) }
        defer { ign_free(pixels) }
        let count = Int(raster.width) * Int(raster.height) * colorModel.channelCount
        var samples = [UInt16](repeating: 0, count: count)
        if raster.depth == 16 {
            let source = UnsafeRawPointer(pixels).bindMemory(to: UInt16.self, capacity: count)
            samples.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source, count: count) }
        } else {
            samples.withUnsafeMutableBufferPointer { target in
                for index in 0..<count { target[index] = SampleScale.widen(pixels[index]) }
            }
        }
        let image = Image(unchecked: Int(raster.width), Int(raster.height), colorModel, Int(raster.depth), samples)
        return (raster, image)
    }

    /// Calls a shim encoder and returns its bytes.
    static func encode(
        format: ImageFormat,
        _ call: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>,
                 UnsafeMutablePointer<CChar>, Int) -> ign_status
    ) throws -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: messageCapacity)
        let status = message.withUnsafeMutableBufferPointer { text in
            call(&output, &size, text.baseAddress!, text.count)
        }
        defer { ign_free(output) }
        guard status == IGN_OK, let output else {
            throw ImageError.unsupported("cannot write \(format.displayName): \(text(message))")
        }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    private static func check(_ status: ign_status, format: ImageFormat, message: [CChar], raster: ign_raster, limits: DecodeLimits) throws {
        switch status {
        case IGN_OK: return
        case IGN_TOO_LARGE: throw ImageError.tooLarge(width: Int(raster.width), height: Int(raster.height), limit: limits.maxPixels)
        case IGN_NO_MEMORY: throw ImageError.outOfMemory
        case IGN_UNSUPPORTED: throw ImageError.unsupported(text(message))
        default: throw ImageError.corrupt(format, text(message))
        }
    }

    static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
