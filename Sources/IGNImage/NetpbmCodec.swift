/// Binary Netpbm: PGM (P5), PPM (P6) and PAM (P7, TUPLTYPE GRAYSCALE, GRAYSCALE_ALPHA, RGB,
/// RGB_ALPHA and their BLACKANDWHITE forms), maxval 1...65535. Only the first image of a stream is read.
enum NetpbmCodec {
    /// A parsed header and where the samples begin.
    struct Header {
        var width: Int
        var height: Int
        var colorModel: ColorModel
        var maxValue: Int
        var dataOffset: Int
        var storage: String
    }

    static func info(_ bytes: [UInt8], limits: DecodeLimits) throws -> ImageInfo {
        let header = try parseHeader(bytes)
        try limits.check(width: header.width, height: header.height)
        return ImageInfo(format: .pnm, width: header.width, height: header.height, colorModel: header.colorModel,
                         bitDepth: header.maxValue > 255 ? 16 : 8, interlaced: false, storage: header.storage)
    }

    static func memoryNeeded(_ bytes: [UInt8], limits: DecodeLimits) throws -> Int {
        let header = try parseHeader(bytes)
        try limits.check(width: header.width, height: header.height)
        return try limits.check(DecodeCost(width: header.width, height: header.height, colorModel: header.colorModel,
                                           fileBytes: bytes.count, workingBytes: 0))
    }

    static func decode(_ bytes: [UInt8], limits: DecodeLimits) throws -> DecodedImage {
        let header = try parseHeader(bytes)
        _ = try memoryNeeded(bytes, limits: limits)
        let count = header.width * header.height * header.colorModel.channelCount
        let bytesPerSample = header.maxValue > 255 ? 2 : 1
        guard bytes.count - header.dataOffset >= count * bytesPerSample else {
            throw ImageError.corrupt(.pnm, "truncated: \(count * bytesPerSample) bytes of samples expected, \(bytes.count - header.dataOffset) present")
        }
        let maxValue = UInt32(header.maxValue)
        var samples = [UInt16](repeating: 0, count: count)
        try bytes.withUnsafeBufferPointer { source in
            let data = source.baseAddress! + header.dataOffset
            for index in 0..<count {
                let value = bytesPerSample == 2 ? UInt32(data[2 * index]) << 8 | UInt32(data[2 * index + 1]) : UInt32(data[index])
                guard value <= maxValue else {
                    throw ImageError.corrupt(.pnm, "sample \(value) exceeds maxval \(maxValue)")
                }
                samples[index] = UInt16((value * 65535 + maxValue / 2) / maxValue)
            }
        }
        let image = Image(unchecked: header.width, header.height, header.colorModel, bytesPerSample * 8, samples)
        return DecodedImage(image: image, info: ImageInfo(
            format: .pnm, width: header.width, height: header.height, colorModel: header.colorModel,
            bitDepth: bytesPerSample * 8, interlaced: false, storage: header.storage))
    }

    /// Writes `image` as `variant`; PGM needs gray and PPM RGB samples.
    static func encode(_ image: Image, bitDepth: Int, variant: NetpbmVariant) -> [UInt8] {
        let maxValue = bitDepth == 16 ? 65535 : 255
        var header: String
        switch variant {
        case .pgm: header = "P5\n\(image.width) \(image.height)\n\(maxValue)\n"
        case .ppm: header = "P6\n\(image.width) \(image.height)\n\(maxValue)\n"
        case .pam:
            let tupleTypes: [ColorModel: String] = [.gray: "GRAYSCALE", .grayAlpha: "GRAYSCALE_ALPHA", .rgb: "RGB", .rgba: "RGB_ALPHA"]
            header = "P7\nWIDTH \(image.width)\nHEIGHT \(image.height)\nDEPTH \(image.colorModel.channelCount)\n"
                + "MAXVAL \(maxValue)\nTUPLTYPE \(tupleTypes[image.colorModel]!)\nENDHDR\n"
        }
        var output = Array(header.utf8)
        output.reserveCapacity(output.count + image.samples.count * (bitDepth / 8))
        if bitDepth == 16 {
            for sample in image.samples {
                output.append(UInt8(sample >> 8))
                output.append(UInt8(sample & 0xFF))
            }
        } else {
            output.append(contentsOf: image.samples.lazy.map(SampleScale.narrow))
        }
        return output
    }

    // MARK: Header parsing

    static func parseHeader(_ bytes: [UInt8]) throws -> Header {
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P") else { throw ImageError.unknownFormat }
        var lexer = Lexer(bytes: bytes, position: 2)
        switch bytes[1] {
        case UInt8(ascii: "5"), UInt8(ascii: "6"):
            let isColor = bytes[1] == UInt8(ascii: "6")
            let width = try lexer.number("width"), height = try lexer.number("height")
            let maxValue = try lexer.number("maxval")
            // Exactly one whitespace byte separates the header from the samples.
            guard lexer.position < bytes.count, Lexer.isSpace(bytes[lexer.position]) else {
                throw ImageError.corrupt(.pnm, "truncated header")
            }
            return try validated(Header(width: width, height: height, colorModel: isColor ? .rgb : .gray,
                                        maxValue: maxValue, dataOffset: lexer.position + 1,
                                        storage: isColor ? "PPM" : "PGM"))
        case UInt8(ascii: "7"):
            return try parsePAMHeader(&lexer)
        case UInt8(ascii: "1")...UInt8(ascii: "4"):
            throw ImageError.unsupported("plain or bitmap Netpbm (P\(Character(UnicodeScalar(bytes[1])))); use P5, P6 or P7")
        default:
            throw ImageError.unknownFormat
        }
    }

    private static func parsePAMHeader(_ lexer: inout Lexer) throws -> Header {
        var fields: [String: Int] = [:]
        var tupleType = ""
        while true {
            guard let keyword = lexer.word() else { throw ImageError.corrupt(.pnm, "PAM header without ENDHDR") }
            switch keyword {
            case "ENDHDR":
                lexer.skipLine()
                guard let width = fields["WIDTH"], let height = fields["HEIGHT"], let depth = fields["DEPTH"],
                      let maxValue = fields["MAXVAL"] else {
                    throw ImageError.corrupt(.pnm, "PAM header lacks WIDTH, HEIGHT, DEPTH or MAXVAL")
                }
                let expected: [String: Int] = ["GRAYSCALE": 1, "BLACKANDWHITE": 1, "GRAYSCALE_ALPHA": 2,
                                               "BLACKANDWHITE_ALPHA": 2, "RGB": 3, "RGB_ALPHA": 4]
                if !tupleType.isEmpty, let wanted = expected[tupleType], wanted != depth {
                    throw ImageError.corrupt(.pnm, "TUPLTYPE \(tupleType) with DEPTH \(depth)")
                }
                if !tupleType.isEmpty, expected[tupleType] == nil {
                    throw ImageError.unsupported("PAM TUPLTYPE \(tupleType)")
                }
                guard let colorModel = ColorModel(channelCount: depth) else {
                    throw ImageError.unsupported("PAM with DEPTH \(depth)")
                }
                return try validated(Header(width: width, height: height, colorModel: colorModel, maxValue: maxValue,
                                            dataOffset: lexer.position,
                                            storage: "PAM" + (tupleType.isEmpty ? "" : " \(tupleType)")))
            case "WIDTH", "HEIGHT", "DEPTH", "MAXVAL":
                fields[keyword] = try lexer.number(keyword.lowercased())
            case "TUPLTYPE":
                tupleType = lexer.restOfLine()
            default:
                throw ImageError.corrupt(.pnm, "unknown PAM header line \(keyword.prefix(20))")
            }
        }
    }

    private static func validated(_ header: Header) throws -> Header {
        guard header.width > 0, header.height > 0 else {
            throw ImageError.corrupt(.pnm, "size \(header.width)x\(header.height)")
        }
        guard (1...65535).contains(header.maxValue) else {
            throw ImageError.corrupt(.pnm, "maxval \(header.maxValue) outside 1...65535")
        }
        return header
    }

    /// Reads whitespace-separated tokens and `#` comments of a Netpbm header.
    struct Lexer {
        let bytes: [UInt8]
        var position: Int

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

        mutating func skipSpaceAndComments() {
            while position < bytes.count {
                if Lexer.isSpace(bytes[position]) {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "#") {
                    skipLine()
                } else {
                    return
                }
            }
        }

        mutating func skipLine() {
            while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            if position < bytes.count { position += 1 }
        }

        mutating func word() -> String? {
            skipSpaceAndComments()
            let start = position
            while position < bytes.count, !Lexer.isSpace(bytes[position]), position - start < 64 { position += 1 }
            return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
        }

        mutating func restOfLine() -> String {
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
            let start = position
            while position < bytes.count, bytes[position] != 0x0A, position - start < 64 { position += 1 }
            return String(decoding: bytes[start..<position], as: UTF8.self).trimmingTrailingSpace()
        }

        mutating func number(_ name: String) throws -> Int {
            skipSpaceAndComments()
            var value = 0, digits = 0
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                digits += 1
                position += 1
                guard digits <= 9 else { throw ImageError.corrupt(.pnm, "\(name) too large") }
            }
            guard digits > 0 else { throw ImageError.corrupt(.pnm, "missing or invalid \(name)") }
            return value
        }
    }
}

private extension String {
    func trimmingTrailingSpace() -> String {
        var result = self
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result.removeLast() }
        return result
    }
}
