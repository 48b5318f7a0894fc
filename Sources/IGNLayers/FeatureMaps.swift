import IGNCompute

/// A batch of feature maps as a network sees it, stored channel-major: `[channels][batch][height][width]`.
///
/// Channel-major ("CNHW") storage makes every convolution one matrix product over the
/// whole batch and keeps each channel's values contiguous for batch norm. Conversion to
/// and from the NCHW `Tensor` happens only at the edge of a network.
public final class FeatureMaps: @unchecked Sendable {
    /// Number of channels.
    public private(set) var channels = 0
    /// Number of images in the batch.
    public private(set) var batch = 0
    /// Height of each map.
    public private(set) var height = 0
    /// Width of each map.
    public private(set) var width = 0
    private let storage = FloatBuffer()

    /// Empty maps; call `resize` before use.
    public init() {}

    /// Maps of the given size, contents undefined.
    public convenience init(channels: Int, batch: Int, height: Int, width: Int) {
        self.init()
        resize(channels: channels, batch: batch, height: height, width: width)
    }

    /// Channel-major copy of an NCHW tensor.
    public convenience init(nchw tensor: Tensor) {
        precondition(tensor.shape.count == 4, "expected an NCHW tensor, got shape \(tensor.shape)")
        self.init()
        load(nchw: tensor)
    }

    /// Sets the geometry, growing the memory if needed (contents undefined afterwards).
    public func resize(channels: Int, batch: Int, height: Int, width: Int) {
        self.channels = channels
        self.batch = batch
        self.height = height
        self.width = width
        storage.reserve(count)
    }

    /// Sets the geometry to match `other`.
    public func resize(like other: FeatureMaps) {
        resize(channels: other.channels, batch: other.batch, height: other.height, width: other.width)
    }

    /// Sets the geometry from a per-image geometry and a batch size.
    public func resize(_ geometry: Geometry, batch: Int) {
        resize(channels: geometry.channels, batch: batch, height: geometry.height, width: geometry.width)
    }

    /// The per-image geometry.
    public var geometry: Geometry { Geometry(channels: channels, height: height, width: width) }
    /// Total number of values.
    public var count: Int { channels * batch * height * width }
    /// Values in one map (`height * width`).
    public var planeSize: Int { height * width }
    /// Values in one channel across the whole batch (`batch * height * width`).
    public var channelStride: Int { batch * height * width }
    /// The first value.
    public var pointer: UnsafeMutablePointer<Float> { storage.pointer }

    /// Replaces the contents with a channel-major copy of an NCHW tensor.
    public func load(nchw tensor: Tensor) {
        let s = tensor.shape
        resize(channels: s[1], batch: s[0], height: s[2], width: s[3])
        let plane = planeSize
        tensor.scalars.withUnsafeBufferPointer { source in
            for n in 0..<batch {
                for c in 0..<channels {
                    (pointer + (c * batch + n) * plane)
                        .update(from: source.baseAddress! + (n * channels + c) * plane, count: plane)
                }
            }
        }
    }

    /// Copies the values of `other`, taking its geometry.
    public func copy(from other: FeatureMaps) {
        resize(like: other)
        pointer.update(from: other.pointer, count: count)
    }

    /// The contents as an NCHW tensor.
    public func nchw() -> Tensor {
        var tensor = Tensor(shape: [batch, channels, height, width])
        let plane = planeSize
        tensor.scalars.withUnsafeMutableBufferPointer { target in
            for n in 0..<batch {
                for c in 0..<channels {
                    (target.baseAddress! + (n * channels + c) * plane)
                        .update(from: pointer + (c * batch + n) * plane, count: plane)
                }
            }
        }
        return tensor
    }

    /// Sets every value to zero.
    public func zero() { storage.zero(count) }
}

/// The shape of one image's feature maps: channels × height × width.
public struct Geometry: Equatable, Hashable, Codable, Sendable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Values per image.
    public var count: Int { channels * height * width }
    public var description: String { "\(channels)×\(height)×\(width)" }
}
