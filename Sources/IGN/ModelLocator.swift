import CBundledModel
import Foundation
import IGNNeural

/// Finds the model a command uses, in this order:
/// 1. an explicit path (`--model PATH`);
/// 2. the path in the environment variable `IGN_MODEL`;
/// 3. the bundled Fashion-MNIST projector embedded in the executable.
public enum ModelLocator {
    /// The environment variable naming a model file.
    public static let environmentVariable = "IGN_MODEL"

    /// Errors finding a model.
    public enum LocatorError: Error, Equatable, CustomStringConvertible {
        case noModel
        case unreadable(path: String, reason: String)

        public var description: String {
            switch self {
            case .noModel:
                return "this build of ign has no bundled model; give one with --model PATH or \(environmentVariable)"
            case let .unreadable(path, reason): return "\(path): \(reason)"
            }
        }
    }

    /// Whether this executable carries the bundled model.
    public static var hasBundledModel: Bool { ign_bundled_model_size() > 0 }

    /// The bundled model's file bytes, or nil.
    public static var bundledModelData: Data? {
        let size = ign_bundled_model_size()
        guard size > 0, let bytes = ign_bundled_model_bytes() else { return nil }
        return Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes), count: size, deallocator: .none)
    }

    /// Loads the model from the first place in the search order that names one.
    public static func load(explicitPath: String?,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> IGNModel {
        if let path = explicitPath ?? environment[environmentVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            do {
                return try IGNModel.load(contentsOf: URL(fileURLWithPath: path))
            } catch SafeTensorsError.io(_, let reason) {
                throw LocatorError.unreadable(path: path, reason: reason)   // the path as given
            } catch {
                throw LocatorError.unreadable(path: path, reason: "\(error)")
            }
        }
        guard let data = bundledModelData else { throw LocatorError.noModel }
        return try IGNModel.load(SafeTensors(data: data))
    }
}
