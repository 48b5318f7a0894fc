import ArgumentParser
import IGNNeural
import IGN
import IGNImage

extension ImageFormat: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { ["png", "jpeg", "pnm"] }
}

extension RGBColor: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

/// A pixel count such as `64M` (M = 2^20, K = 2^10) or `1000000`.
public struct PixelCount: ExpressibleByArgument, Sendable, Equatable, CustomStringConvertible {
    public var value: Int

    public init(_ value: Int) { self.value = value }

    public init?(argument: String) {
        let units: [Character: Int] = ["k": 1 << 10, "K": 1 << 10, "m": 1 << 20, "M": 1 << 20, "g": 1 << 30, "G": 1 << 30]
        var text = Substring(argument), multiplier = 1
        if let last = text.last, let unit = units[last] {
            multiplier = unit
            text = text.dropLast()
        }
        guard let number = Int(text), number > 0, !number.multipliedReportingOverflow(by: multiplier).overflow else {
            return nil
        }
        value = number * multiplier
    }

    public var description: String { value % (1 << 20) == 0 ? "\(value >> 20)M" : "\(value)" }
    public var defaultValueDescription: String { description }
}

/// A target size `WxH`; `Wx` or `xH` keeps the aspect ratio.
public struct ResizeSpec: ExpressibleByArgument, Sendable, Equatable {
    public var width: Int?
    public var height: Int?

    public init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        width = parts[0].isEmpty ? nil : Int(parts[0])
        height = parts[1].isEmpty ? nil : Int(parts[1])
        if (!parts[0].isEmpty && width == nil) || (!parts[1].isEmpty && height == nil) { return nil }
        guard width != nil || height != nil, (width ?? 1) > 0, (height ?? 1) > 0 else { return nil }
    }

    /// The concrete size for an image of `width × height`.
    public func size(from width: Int, _ height: Int) -> (width: Int, height: Int) {
        switch (self.width, self.height) {
        case let (w?, h?): return (w, h)
        case let (w?, nil): return (w, max(1, Int((Double(height) * Double(w) / Double(width)).rounded())))
        case let (nil, h?): return (max(1, Int((Double(width) * Double(h) / Double(height)).rounded())), h)
        default: return (width, height)
        }
    }
}

extension Architecture: ExpressibleByArgument {}
extension NoiseKind: ExpressibleByArgument {}
extension FitMode: ExpressibleByArgument {}
extension Latent.Space: ExpressibleByArgument {}

/// The two objective settings `ign train` offers.
enum ObjectivePreset: String, ExpressibleByArgument, CaseIterable {
    case paper, simple

    var objective: Objective { self == .paper ? .paper : .simple }
}

/// Weight precisions a model file can be written in, named on the command line in lower
/// case (`--precision f16`); the writable safetensors types.
extension SafeTensorsDType: ExpressibleByArgument {
    public init?(argument: String) {
        guard let dtype = SafeTensorsDType(rawValue: argument.uppercased()), dtype.isWritable else { return nil }
        self = dtype
    }

    public var defaultValueDescription: String { rawValue.lowercased() }

    public static var allValueStrings: [String] { allCases.filter(\.isWritable).map { $0.rawValue.lowercased() } }
}
