extension Image {
    /// The `width × height` rectangle whose top-left corner is (`x`, `y`); it must lie inside the image.
    public func cropped(x: Int, y: Int, width newWidth: Int, height newHeight: Int) throws -> Image {
        guard x >= 0, y >= 0, newWidth > 0, newHeight > 0, x + newWidth <= width, y + newHeight <= height else {
            throw ImageError.invalidArgument("crop \(newWidth)x\(newHeight)+\(x)+\(y) is outside the \(width)x\(height) image")
        }
        if x == 0 && y == 0 && newWidth == width && newHeight == height { return self }
        let channels = colorModel.channelCount
        var output = [UInt16]()
        output.reserveCapacity(newWidth * newHeight * channels)
        for row in y..<(y + newHeight) {
            let start = (row * width + x) * channels
            output += samples[start..<(start + newWidth * channels)]
        }
        return Image(unchecked: newWidth, newHeight, colorModel, bitDepth, output)
    }

    /// A copy of this image with `other` (same colour model) drawn over it with its top-left
    /// corner at (`x`, `y`); the parts of `other` outside this image are dropped.
    public func replacing(with other: Image, atX x: Int, y: Int) throws -> Image {
        guard other.colorModel == colorModel else {
            throw ImageError.invalidArgument("cannot draw a \(other.colorModel) image onto a \(colorModel) one")
        }
        let channels = colorModel.channelCount
        var output = self
        for row in max(0, y)..<min(height, y + other.height) {
            let left = max(0, x), right = min(width, x + other.width)
            guard left < right else { break }
            let target = (row * width + left) * channels
            let source = ((row - y) * other.width + (left - x)) * channels
            output.samples.replaceSubrange(target..<(target + (right - left) * channels),
                                           with: other.samples[source..<(source + (right - left) * channels)])
        }
        return output
    }
}
