import FoundationEssentials
import IGNNeural

/// A point in one of a model's two latent spaces, and its file format.
///
/// - `noise`: the image-shaped input space of f, where the paper does its arithmetic on
///   source noise z. An image x encodes as itself (f projects it: f(x) ≈ x); a sample of
///   the model's source noise is a latent too; decoding is f(z).
/// - `bottleneck`: the encoder's code (the autoencoder's 1×1 bottleneck); decoding runs
///   the decoder alone.
///
/// A latent file is a safetensors file with one F32 tensor `latent` of shape `[C, H, W]`
/// and `__metadata__`: `ign.latent.format` ("1"), `ign.latent.space` (`noise` or
/// `bottleneck`), `ign.latent.model` (the model's identity, see `IGNModel.identity`),
/// `ign.latent.shape` ("CxHxW") and `ign.latent.source` (`image` or `noise`: which
/// statistics decoding normalises with).
public struct Latent: Sendable, Equatable {
    /// The two latent spaces.
    public enum Space: String, CaseIterable, Sendable {
        case noise, bottleneck
    }

    /// What a latent was made from, which decides the statistics f normalises it with:
    /// images (the model's projection statistics) or source noise (its generation statistics).
    public enum Source: String, Sendable {
        case image, noise
    }

    public var space: Space
    public var source: Source
    public var geometry: Geometry
    /// `geometry.count` values, planar.
    public var values: [Float]
    /// The identity of the model the latent belongs to.
    public var model: String

    public init(space: Space, source: Source, geometry: Geometry, values: [Float], model: String) {
        precondition(values.count == geometry.count, "values do not fill the latent")
        self.space = space
        self.source = source
        self.geometry = geometry
        self.values = values
        self.model = model
    }

    /// Errors reading a latent file or combining latents.
    public enum LatentError: Error, Equatable, CustomStringConvertible {
        case notALatent(String)
        case otherModel
        case otherSpace(expected: Space, found: Space)
        case shape(String)
        case invalid(String)

        public var description: String {
            switch self {
            case .notALatent(let why): return "not an ign latent file: \(why)"
            case .otherModel: return "this latent belongs to another model (encode it again with this --model)"
            case let .otherSpace(expected, found):
                return "this latent is in the \(found.rawValue) space, not \(expected.rawValue) (use --space \(found.rawValue))"
            case .shape(let why): return "latent shape: \(why)"
            case .invalid(let why): return why
            }
        }
    }

    static let keys = (format: "ign.latent.format", space: "ign.latent.space", model: "ign.latent.model",
                       shape: "ign.latent.shape", source: "ign.latent.source")

    /// Whether `bytes` look like a safetensors file (8-byte header length, then JSON) rather than an image.
    public static func looksLikeLatentFile(_ bytes: [UInt8]) -> Bool {
        bytes.count > 9 && bytes[8] == UInt8(ascii: "{") && bytes[6] == 0 && bytes[7] == 0
    }

    /// The latent file's bytes.
    public func fileBytes() throws -> [UInt8] {
        let shape = [geometry.channels, geometry.height, geometry.width]
        let metadata = [Latent.keys.format: "1", Latent.keys.space: space.rawValue, Latent.keys.model: model,
                        Latent.keys.shape: shape.map(String.init).joined(separator: "x"),
                        Latent.keys.source: source.rawValue]
        return [UInt8](try SafeTensors.encode([("latent", Tensor(shape: shape, scalars: values))],
                                              metadata: metadata, dtype: .f32))
    }

    /// Reads a latent file.
    public init(fileBytes bytes: [UInt8]) throws {
        // A latent's header is a few hundred bytes; refuse a long one before parsing it.
        if bytes.count >= 8, bytes.prefix(8).reversed().reduce(UInt64(0), { $0 << 8 | UInt64($1) }) > 1 << 20 {
            throw LatentError.notALatent("its header is longer than 1 MiB")
        }
        let file: SafeTensors
        do { file = try SafeTensors(data: Data(bytes)) } catch {
            throw LatentError.notALatent("\(error)")
        }
        let meta = file.metadata
        guard meta[Latent.keys.format] == "1" else { throw LatentError.notALatent("no \(Latent.keys.format) \"1\"") }
        guard let space = meta[Latent.keys.space].flatMap(Space.init(rawValue:)) else {
            throw LatentError.notALatent("bad \(Latent.keys.space)")
        }
        guard let model = meta[Latent.keys.model], !model.isEmpty else { throw LatentError.notALatent("no model identity") }
        let tensor: Tensor
        do { tensor = try file.tensor("latent") } catch { throw LatentError.notALatent("no tensor 'latent'") }
        guard tensor.shape.count == 3, tensor.shape.allSatisfy({ $0 > 0 }) else {
            throw LatentError.notALatent("the tensor is not C×H×W")
        }
        guard tensor.scalars.allSatisfy(\.isFinite) else { throw LatentError.notALatent("values are not finite") }
        self.init(space: space, source: Source(rawValue: meta[Latent.keys.source] ?? "") ?? .image,
                  geometry: Geometry(channels: tensor.shape[0], height: tensor.shape[1], width: tensor.shape[2]),
                  values: tensor.scalars, model: model)
    }
}
