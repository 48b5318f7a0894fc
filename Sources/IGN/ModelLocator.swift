import CBundledModel
import FoundationEssentials
import IGNFiles
import IGNNeural

/// Finds the model a command uses, in this order:
/// 1. `--model NAME|PATH`;
/// 2. the environment variable `IGN_MODEL` (also a name or a path);
/// 3. the default bundled model (`fashion-mnist`).
///
/// A value is a path when a file of that name exists or it contains `/` or ends in
/// `.safetensors`; otherwise it names a bundled model (`ign models` lists them).
public enum ModelLocator {
    /// The environment variable naming a model.
    public static let environmentVariable = "IGN_MODEL"

    /// Errors finding a model.
    public enum LocatorError: Error, Equatable, CustomStringConvertible {
        case noModel
        case unknownName(String, known: [String])
        case unreadable(path: String, reason: String)

        public var description: String {
            switch self {
            case .noModel:
                return "this build of ign has no bundled model; give one with --model PATH or \(environmentVariable)"
            case let .unknownName(name, known):
                return "no bundled model '\(name)' and no such file (bundled: \(known.isEmpty ? "none" : known.joined(separator: ", ")))"
            case let .unreadable(path, reason): return "\(path): \(reason)"
            }
        }
    }

    /// Loads the model named by `nameOrPath`, else by the environment, else the default.
    public static func load(_ nameOrPath: String?,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> IGNModel {
        let chosen = nameOrPath ?? environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        guard let chosen else {
            guard let model = BundledModel.all.first else { throw LocatorError.noModel }
            return try model.load()
        }
        if isPath(chosen) {
            do {
                return try IGNModel.load(contentsOf: URL(fileURLWithPath: chosen))
            } catch SafeTensorsError.io(_, let reason) {
                throw LocatorError.unreadable(path: chosen, reason: reason)   // the path as given
            } catch {
                throw LocatorError.unreadable(path: chosen, reason: "\(error)")
            }
        }
        guard let bundled = BundledModel.named(chosen) else {
            throw LocatorError.unknownName(chosen, known: BundledModel.all.map(\.name))
        }
        return try bundled.load()
    }

    /// Whether `value` names a file rather than a bundled model (a folder of that name does not count).
    static func isPath(_ value: String) -> Bool {
        value.contains("/") || value.hasSuffix(".safetensors") || FileKind(path: value) == .other
    }
}

/// A model embedded in the executable (see `Sources/CBundledModel`), so that a copied
/// binary keeps working.
public struct BundledModel: Sendable {
    /// The name `--model` takes.
    public let name: String
    /// The model file's bytes (in the executable's read-only data; not copied).
    public let data: Data

    /// Every bundled model; the first is the default.
    public static var all: [BundledModel] {
        (0..<ign_bundled_model_count()).compactMap { index in
            let entry = ign_bundled_model_at(index)
            guard let name = entry.name, let bytes = entry.bytes, entry.size > 0 else { return nil }
            return BundledModel(name: String(cString: name),
                                data: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes), count: entry.size,
                                           deallocator: .none))
        }
    }

    /// The bundled model called `name`.
    public static func named(_ name: String) -> BundledModel? { all.first { $0.name == name } }

    /// The parsed model.
    public func load() throws -> IGNModel { try IGNModel.load(SafeTensors(data: data)) }

    /// The channels of the model's images (from its `ign.image` metadata; 0 if unknown).
    public var imageChannels: Int {
        guard let text = (try? SafeTensors(data: data))?.metadata[IGNFileKeys.image],
              let first = text.split(separator: "x").first else { return 0 }
        return Int(first) ?? 0
    }

    /// One line on what the model is and how well it does (from its card, `Models/`).
    public var summary: String {
        switch name {
        case "fashion-mnist":
            return "Fashion-MNIST garments (default); test set: reconstruction 24.33 dB, idempotence 28.35 dB, "
                + "σ 0.4 denoising 20.55 dB (Models/README.md)"
        case "emoji":
            return "colour emoji, Noto and Twemoji designs; held-out emoji: reconstruction 17.46 dB, idempotence "
                + "20.63 dB, colorize 19.80 dB (gray kept as gray: 20.27) (Models/emoji.md)"
        default:
            return ""
        }
    }
}
