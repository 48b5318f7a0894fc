/// An opaque colour, used as the background that alpha is flattened onto.
public struct RGBColor: Sendable, Equatable, CustomStringConvertible {
    /// Channels on the 16-bit scale.
    public var red: UInt16, green: UInt16, blue: UInt16

    public init(red: UInt16, green: UInt16, blue: UInt16) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// From 8-bit channel values.
    public init(red8: UInt8, green8: UInt8, blue8: UInt8) {
        self.init(red: SampleScale.widen(red8), green: SampleScale.widen(green8), blue: SampleScale.widen(blue8))
    }

    public static let white = RGBColor(red: 65535, green: 65535, blue: 65535)
    public static let black = RGBColor(red: 0, green: 0, blue: 0)

    private static let named: [String: RGBColor] = [
        "white": .white, "black": .black,
        "gray": RGBColor(red8: 128, green8: 128, blue8: 128), "grey": RGBColor(red8: 128, green8: 128, blue8: 128),
        "red": RGBColor(red8: 255, green8: 0, blue8: 0), "green": RGBColor(red8: 0, green8: 128, blue8: 0),
        "blue": RGBColor(red8: 0, green8: 0, blue8: 255),
    ]

    /// Parses `white`, `black`, `gray`, `red`, `green`, `blue`, `#RGB`, `#RRGGBB` or `R,G,B` (0...255).
    public init?(parsing text: String) {
        let lower = text.lowercased()
        if let color = RGBColor.named[lower] {
            self = color
            return
        }
        if lower.hasPrefix("#") {
            let hex = Array(lower.dropFirst())
            guard hex.count == 3 || hex.count == 6, hex.allSatisfy(\.isHexDigit) else { return nil }
            let width = hex.count / 3
            let values = (0..<3).map { index -> UInt8 in
                let digits = String(hex[(index * width)..<((index + 1) * width)])
                let value = UInt8(digits, radix: 16)!
                return width == 1 ? value * 17 : value
            }
            self.init(red8: values[0], green8: values[1], blue8: values[2])
            return
        }
        let parts = lower.split(separator: ",", omittingEmptySubsequences: false).map { UInt8(String($0.filter { $0 != " " })) }
        guard parts.count == 3, let red = parts[0], let green = parts[1], let blue = parts[2] else { return nil }
        self.init(red8: red, green8: green, blue8: blue)
    }

    /// Rec. 601 luma on the 16-bit scale.
    public var luma: UInt16 {
        SampleScale.clamp(rec601Luma(red: Float(red), green: Float(green), blue: Float(blue)))
    }

    public var description: String {
        let hex = [red, green, blue].map { value -> String in
            let text = String(SampleScale.narrow(value), radix: 16)
            return text.count == 1 ? "0" + text : text
        }
        return "#" + hex.joined()
    }
}
