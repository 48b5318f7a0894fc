import CImageCodecs

/// Turns the C shim's results into Swift values and errors.
enum ShimRaster {
    /// Size of the message buffer handed to the shim.
    static let messageCapacity = 256

    /// The signature of the shim's decoders (`ign_png_decode`, `ign_jpeg_decode`).
    typealias Decoder = (UnsafePointer<UInt8>?, Int, ign_limits, UnsafeMutablePointer<UInt16>?, Int,
                         UnsafeMutablePointer<ign_raster>, UnsafeMutablePointer<CChar>, Int) -> ign_status

    /// Reads the header with a shim decoder: size, channels, the decoder's working memory.
    static func header(format: ImageFormat, bytes: [UInt8], limits: DecodeLimits, _ call: Decoder) throws -> ign_raster {
        var raster = ign_raster()
        try run(call, format: format, bytes: bytes, limits: limits, samples: nil, count: 0, raster: &raster)
        guard ColorModel(channelCount: Int(raster.channels)) != nil else {
            throw ImageError.unsupported("\(raster.channels) channels")
        }
        return raster
    }

    /// Decodes with a shim decoder straight into the image's samples, after checking the
    /// header against the limits: `copies` is 2 when the caller will make a turned copy.
    static func decode(format: ImageFormat, bytes: [UInt8], limits: DecodeLimits, copies: Int = 1,
                       _ call: Decoder) throws -> (raster: ign_raster, image: Image) {
        var raster = try header(format: format, bytes: bytes, limits: limits, call)
        let colorModel = ColorModel(channelCount: Int(raster.channels))!
        let (width, height) = (Int(raster.width), Int(raster.height))
        try limits.check(cost(of: raster, fileBytes: bytes.count, copies: copies))
        let count = width * height * colorModel.channelCount
        var failure: Error?
        let samples = [UInt16](unsafeUninitializedCapacity: count) { buffer, initialized in
            do {
                try run(call, format: format, bytes: bytes, limits: limits, samples: buffer.baseAddress, count: count,
                        raster: &raster)
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return (raster, Image(unchecked: width, height, colorModel, raster.source_depth > 8 ? 16 : 8, samples))
    }

    /// What decoding takes, from the header: the file, the samples (`copies` times), the
    /// decoder's working memory.
    static func cost(of raster: ign_raster, fileBytes: Int, copies: Int = 1) -> DecodeCost {
        DecodeCost(width: Int(raster.width), height: Int(raster.height),
                   colorModel: ColorModel(channelCount: Int(raster.channels))!, fileBytes: fileBytes,
                   workingBytes: Int(clamping: raster.working_bytes), copies: copies)
    }

    /// The bytes ``DecodeLimits/check(_:)`` counts for this file (decoding and the working
    /// set), from its header alone; throws the refusal decoding would.
    static func memoryNeeded(format: ImageFormat, bytes: [UInt8], limits: DecodeLimits, copies: Int = 1,
                             _ call: Decoder) throws -> Int {
        let raster = try header(format: format, bytes: bytes, limits: limits, call)
        return try limits.check(cost(of: raster, fileBytes: bytes.count, copies: copies))
    }

    private static func run(_ call: Decoder, format: ImageFormat, bytes: [UInt8], limits: DecodeLimits,
                            samples: UnsafeMutablePointer<UInt16>?, count: Int, raster: inout ign_raster) throws {
        var message = [CChar](repeating: 0, count: messageCapacity)
        // What libjpeg may allocate on its own: the budget, less the file and the half of the
        // samples' memory touched while libjpeg lives (see jpeg_working_bytes).
        let working = max(1 << 20, limits.maxMemory - bytes.count - count)
        let shimLimits = ign_limits(max_pixels: UInt64(max(0, limits.maxPixels)), max_scans: Int32(clamping: limits.maxScans),
                                    max_working_bytes: samples == nil ? 0 : UInt64(working))
        let status = bytes.withUnsafeBufferPointer { buffer in
            message.withUnsafeMutableBufferPointer { text in
                call(buffer.baseAddress, buffer.count, shimLimits, samples, count, &raster, text.baseAddress!, text.count)
            }
        }
        try check(status, format: format, message: message, raster: raster, limits: limits)
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
        case IGN_NO_MEMORY:
            let detail = text(message)
            if detail.isEmpty || detail == "out of memory" { throw ImageError.outOfMemory }
            throw ImageError.unsupported(detail)
        case IGN_TOO_MANY_SCANS: throw ImageError.tooManyScans(limit: limits.maxScans)
        case IGN_UNSUPPORTED: throw ImageError.unsupported(text(message))
        default: throw ImageError.corrupt(format, text(message))
        }
    }

    static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
