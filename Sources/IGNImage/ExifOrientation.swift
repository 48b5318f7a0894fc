/// The EXIF orientation tag (0x0112): how the stored pixels must be turned to appear upright.
public enum ExifOrientation: Int, Sendable, CaseIterable {
    case up = 1, mirrored = 2, upsideDown = 3, upsideDownMirrored = 4
    case transposed = 5, rotatedClockwise = 6, transverse = 7, rotatedCounterClockwise = 8

    /// Whether turning the image upright swaps width and height.
    public var swapsAxes: Bool { rawValue >= 5 }

    /// Finds the orientation in a JPEG's APP1 "Exif" segment; `.up` when absent or unreadable.
    public static func read(fromJPEG bytes: [UInt8]) -> ExifOrientation {
        var position = 2
        while position + 4 <= bytes.count, bytes[position] == 0xFF {
            let marker = bytes[position + 1]
            if marker == 0xFF { position += 1; continue }                     // fill byte
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 { position += 2; continue }
            if marker == 0xDA || marker == 0xD9 { break }                      // pixel data starts: no more headers
            let length = Int(bytes[position + 2]) << 8 | Int(bytes[position + 3])
            guard length >= 2, position + 2 + length <= bytes.count else { break }
            let segment = bytes[(position + 4)..<(position + 2 + length)]
            if marker == 0xE1, let orientation = fromExifSegment(Array(segment)) { return orientation }
            position += 2 + length
        }
        return .up
    }

    /// Parses `Exif\0\0` followed by a TIFF header and IFD0.
    static func fromExifSegment(_ segment: [UInt8]) -> ExifOrientation? {
        guard segment.count >= 14, Array(segment[0..<6]) == Array("Exif\0\0".utf8) else { return nil }
        let tiff = Array(segment[6...])
        let bigEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x4D, 0x4D): bigEndian = true
        case (0x49, 0x49): bigEndian = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            return bigEndian ? Int(tiff[at]) << 8 | Int(tiff[at + 1]) : Int(tiff[at + 1]) << 8 | Int(tiff[at])
        }
        func u32(_ at: Int) -> Int? {
            guard let high = u16(bigEndian ? at : at + 2), let low = u16(bigEndian ? at + 2 : at) else { return nil }
            return high << 16 | low
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0..<count {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112, u16(at + 2) == 3, let value = u16(at + 8) {
                return ExifOrientation(rawValue: value)
            }
        }
        return nil
    }
}

extension Image {
    /// The image turned upright according to an EXIF orientation.
    public func oriented(_ orientation: ExifOrientation) -> Image {
        if orientation == .up { return self }
        let (outWidth, outHeight) = orientation.swapsAxes ? (height, width) : (width, height)
        let channels = colorModel.channelCount
        var output = [UInt16](repeating: 0, count: samples.count)
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                let (sx, sy): (Int, Int)
                switch orientation {
                case .up: (sx, sy) = (x, y)
                case .mirrored: (sx, sy) = (width - 1 - x, y)
                case .upsideDown: (sx, sy) = (width - 1 - x, height - 1 - y)
                case .upsideDownMirrored: (sx, sy) = (x, height - 1 - y)
                case .transposed: (sx, sy) = (y, x)
                case .rotatedClockwise: (sx, sy) = (y, height - 1 - x)
                case .transverse: (sx, sy) = (width - 1 - y, height - 1 - x)
                case .rotatedCounterClockwise: (sx, sy) = (width - 1 - y, x)
                }
                let source = (sy * width + sx) * channels, target = (y * outWidth + x) * channels
                for channel in 0..<channels { output[target + channel] = samples[source + channel] }
            }
        }
        return Image(unchecked: outWidth, outHeight, colorModel, bitDepth, output)
    }
}
