/// A 3×3, stride-1 correlation between channel-major maps computed with Winograd's
/// F(3×3, 3×3) (`WinogradTransform`): the arithmetic of `Conv2d` and `ConvTranspose2d`
/// layers with 3×3 kernels and stride 1, for batches large enough that 25 matrix products
/// over transformed tiles beat one im2col product with 81/25 times the multiply–adds.
///
/// The correlation links a *large* map `L` (`largeHeight × largeWidth`, zero-padded by
/// `padding` on every side) and a *small* map `S` of size `large + 2·padding − 2`, with
/// weights `W[small channel][large channel][3][3]`:
/// `S[s] = Σₗ L[l] ⋆ W[s][l]`. A `Conv2d` maps L → S (its weights are `[out, in, 3, 3]`); a
/// `ConvTranspose2d` maps S → L, the adjoint (its weights are `[in, out, 3, 3]`). Either
/// way the three passes are the same three operations:
///
/// - large → small: `V = Bᵀ L B` per tile, `M[c] = U[c] · V[c]`, `S = Aᵀ M A`;
/// - small → large: `Z = A S Aᵀ`, `M[c] = U[c]ᵀ · Z[c]`, `L += B M Bᵀ` (overlapping tiles add);
/// - weights: `dU[c] = Z[c] · V[c]ᵀ`, `dW += Gᵀ dU G`;
///
/// with `U = G W Gᵀ`, one product per coefficient `c` (25), and tiles of 3×3 small-map
/// positions (5×5 large-map positions) over the whole batch. Tile values beyond a map's
/// edge are zeros on the way in and dropped on the way out, so each pass is the exact
/// adjoint of the other.
///
/// Layouts: maps `[channels][batch][height][width]`; transformed tiles `[25][channels][tiles]`
/// with tiles numbered image by image; transformed weights `[25][small][large]`.
struct WinogradCorrelation {
    let smallChannels: Int
    let largeChannels: Int
    let batch: Int
    let largeHeight: Int, largeWidth: Int
    let smallHeight: Int, smallWidth: Int
    let padding: Int
    let tileRows: Int, tileColumns: Int

    /// Tiles per image.
    var tilesPerImage: Int { tileRows * tileColumns }
    /// Tiles over the whole batch: the column count of every matrix product.
    var tiles: Int { batch * tilesPerImage }

    /// Transformed tiles of the large maps (`V`, or `M` on the way back).
    var largeTileCount: Int { WinogradTransform.coefficients * largeChannels * tiles }
    /// Transformed tiles of the small maps (`Z`, or `M` on the way out).
    var smallTileCount: Int { WinogradTransform.coefficients * smallChannels * tiles }
    /// Transformed weights (`U`, `dU`).
    var weightCount: Int { WinogradTransform.coefficients * smallChannels * largeChannels }

    /// Tiles transformed together: long enough for vector loops, short enough for L1.
    private static let run = 64

    init(smallChannels: Int, largeChannels: Int, batch: Int,
         largeHeight: Int, largeWidth: Int, padding: Int) {
        self.smallChannels = smallChannels
        self.largeChannels = largeChannels
        self.batch = batch
        self.largeHeight = largeHeight
        self.largeWidth = largeWidth
        self.padding = padding
        self.smallHeight = largeHeight + 2 * padding - 2
        self.smallWidth = largeWidth + 2 * padding - 2
        let side = WinogradTransform.outputSize
        self.tileRows = (smallHeight + side - 1) / side
        self.tileColumns = (smallWidth + side - 1) / side
    }

    /// Whether a layer of this shape should use this algorithm rather than im2col. Per image
    /// and channel pair, im2col multiplies 9 times per small-map value, this algorithm 25
    /// times per tile — 1.9–3.2× fewer for maps of 3×3 and more, 2.8× *more* for a 1×1 map —
    /// and each transformed tile value costs about as much as `transformCost` multiply–adds
    /// of a matrix product (measured on the reference layers). With only a few tiles in the
    /// batch the products become matrix–vector ones that stream 25/9 times more weights than
    /// im2col's, so those stay direct as well.
    var pays: Bool {
        guard smallHeight > 0, smallWidth > 0, tiles >= 32 else { return false }
        let (s, l) = (Double(smallChannels), Double(largeChannels))
        let direct = 9 * Double(smallHeight * smallWidth) * s * l
        let winograd = 25 * Double(tilesPerImage) * (s * l + Self.transformCost * (s + l))
        return winograd <= 0.8 * direct
    }

    /// The cost of transforming one tile value, in multiply–adds of a matrix product.
    static let transformCost = 40.0

    // MARK: Tile positions

    /// For each tile of an image and each of its 5×5 values: the offset in a large map's
    /// plane, or −1 where the tile leaves the map (padding, or past the edge).
    private func largeOffsets() -> [Int] {
        let t = WinogradTransform.tileSize, side = WinogradTransform.outputSize
        var offsets: [Int] = []
        offsets.reserveCapacity(tilesPerImage * t * t)
        for row in 0..<tileRows {
            for column in 0..<tileColumns {
                for y in 0..<t {
                    for x in 0..<t {
                        let ly = row * side - padding + y, lx = column * side - padding + x
                        let inside = ly >= 0 && ly < largeHeight && lx >= 0 && lx < largeWidth
                        offsets.append(inside ? ly * largeWidth + lx : -1)
                    }
                }
            }
        }
        return offsets
    }

    /// For each tile of an image and each of its 3×3 values: the offset in a small map's
    /// plane, or −1 past the edge.
    private func smallOffsets() -> [Int] {
        let side = WinogradTransform.outputSize
        var offsets: [Int] = []
        offsets.reserveCapacity(tilesPerImage * side * side)
        for row in 0..<tileRows {
            for column in 0..<tileColumns {
                for y in 0..<side {
                    for x in 0..<side {
                        let sy = row * side + y, sx = column * side + x
                        offsets.append(sy < smallHeight && sx < smallWidth ? sy * smallWidth + sx : -1)
                    }
                }
            }
        }
        return offsets
    }

    // MARK: Tiles in and out

    /// `V = Bᵀ L B` for every tile of every large-map channel.
    func transformLarge(_ maps: UnsafePointer<Float>, into v: UnsafeMutablePointer<Float>) {
        gatherAndTransform(maps, channels: largeChannels, plane: largeHeight * largeWidth,
                           offsets: largeOffsets(), tileValues: WinogradTransform.tileSize,
                           matrix: WinogradTransform.inputTransform, into: v)
    }

    /// `Z = A S Aᵀ` for every tile of every small-map channel.
    func transformSmall(_ maps: UnsafePointer<Float>, into z: UnsafeMutablePointer<Float>) {
        gatherAndTransform(maps, channels: smallChannels, plane: smallHeight * smallWidth,
                           offsets: smallOffsets(), tileValues: WinogradTransform.outputSize,
                           matrix: WinogradTransform.outputAdjoint, into: z)
    }

    /// `S = Aᵀ M A`: writes every small-map value (tile parts past the edge are dropped).
    func writeSmall(_ m: UnsafePointer<Float>, into maps: UnsafeMutablePointer<Float>) {
        transformAndScatter(m, channels: smallChannels, plane: smallHeight * smallWidth,
                            offsets: smallOffsets(), tileValues: WinogradTransform.outputSize,
                            matrix: WinogradTransform.outputTransform, adding: false, into: maps)
    }

    /// `L = Σ B M Bᵀ`: overwrites the large maps with the sum of their overlapping tiles
    /// (tile parts in the padding or past the edge are dropped).
    func writeLarge(_ m: UnsafePointer<Float>, into maps: UnsafeMutablePointer<Float>) {
        transformAndScatter(m, channels: largeChannels, plane: largeHeight * largeWidth,
                            offsets: largeOffsets(), tileValues: WinogradTransform.tileSize,
                            matrix: WinogradTransform.inputAdjoint, adding: true, into: maps)
    }

    /// Gathers each tile's `tileValues²` map values (zeros outside) and writes
    /// `M · tile · Mᵀ` (5×5) to `[25][channels][tiles]`.
    private func gatherAndTransform(_ maps: UnsafePointer<Float>, channels: Int, plane: Int,
                                    offsets: [Int], tileValues q: Int, matrix: [Float],
                                    into target: UnsafeMutablePointer<Float>) {
        let tiles = self.tiles, perImage = tilesPerImage, batch = self.batch
        let p = WinogradTransform.tileSize, run = Self.run
        offsets.withUnsafeBufferPointer { offsets in
            matrix.withUnsafeBufferPointer { matrix in
                Parallel.forEach(channels, valuesPerIteration: tiles * 4 * p * p) { channel in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: (q * q + p * q) * run) { space in
                        let gathered = space.baseAddress!, scratch = gathered + q * q * run
                        let channelMaps = maps + channel * batch * plane
                        var start = 0
                        while start < tiles {
                            let count = min(run, tiles - start)
                            for u in 0..<count {
                                let tile = start + u
                                let image = channelMaps + (tile / perImage) * plane
                                let positions = offsets.baseAddress! + (tile % perImage) * q * q
                                for e in 0..<q * q {
                                    let offset = positions[e]
                                    gathered[e * count + u] = offset >= 0 ? image[offset] : 0
                                }
                            }
                            WinogradTransform.sandwich(matrix.baseAddress!, p: p, q: q,
                                                       input: gathered, inputStride: count,
                                                       output: target + channel * tiles + start,
                                                       outputStride: channels * tiles,
                                                       count: count, scratch: scratch)
                            start += count
                        }
                    }
                }
            }
        }
    }

    /// Reads `[25][channels][tiles]`, computes `M · tile · Mᵀ` (`tileValues²` values) and
    /// writes (or, for overlapping tiles, sums) the values that land inside the maps.
    private func transformAndScatter(_ source: UnsafePointer<Float>, channels: Int, plane: Int,
                                     offsets: [Int], tileValues p: Int, matrix: [Float],
                                     adding: Bool, into maps: UnsafeMutablePointer<Float>) {
        let tiles = self.tiles, perImage = tilesPerImage, batch = self.batch
        let q = WinogradTransform.tileSize, run = Self.run
        offsets.withUnsafeBufferPointer { offsets in
            matrix.withUnsafeBufferPointer { matrix in
                Parallel.forEach(channels, valuesPerIteration: tiles * 4 * q * q) { channel in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: (p * p + p * q) * run) { space in
                        let values = space.baseAddress!, scratch = values + p * p * run
                        let channelMaps = maps + channel * batch * plane
                        if adding { channelMaps.update(repeating: 0, count: batch * plane) }
                        var start = 0
                        while start < tiles {
                            let count = min(run, tiles - start)
                            WinogradTransform.sandwich(matrix.baseAddress!, p: p, q: q,
                                                       input: source + channel * tiles + start,
                                                       inputStride: channels * tiles,
                                                       output: values, outputStride: count,
                                                       count: count, scratch: scratch)
                            for u in 0..<count {
                                let tile = start + u
                                let image = channelMaps + (tile / perImage) * plane
                                let positions = offsets.baseAddress! + (tile % perImage) * p * p
                                for e in 0..<p * p {
                                    let offset = positions[e]
                                    if offset < 0 { continue }
                                    if adding { image[offset] += values[e * count + u] } else { image[offset] = values[e * count + u] }
                                }
                            }
                            start += count
                        }
                    }
                }
            }
        }
    }

    // MARK: Products

    /// `M[c] = U[c] · V[c]`: transformed large tiles → transformed small tiles.
    func multiplyToSmall(weights u: UnsafePointer<Float>, _ v: UnsafePointer<Float>,
                         into m: UnsafeMutablePointer<Float>) {
        let (s, l, n) = (smallChannels, largeChannels, tiles)
        for c in 0..<WinogradTransform.coefficients {
            MatrixMultiply.gemm(m: s, n: n, k: l, a: u + c * s * l, b: v + c * l * n, c: m + c * s * n)
        }
    }

    /// `M[c] = U[c]ᵀ · Z[c]`: transformed small tiles → transformed large tiles.
    func multiplyToLarge(weights u: UnsafePointer<Float>, _ z: UnsafePointer<Float>,
                         into m: UnsafeMutablePointer<Float>) {
        let (s, l, n) = (smallChannels, largeChannels, tiles)
        for c in 0..<WinogradTransform.coefficients {
            MatrixMultiply.gemm(transposeA: true, m: l, n: n, k: s, a: u + c * s * l,
                                b: z + c * s * n, c: m + c * l * n)
        }
    }

    /// `dU[c] = Z[c] · V[c]ᵀ`: the transformed weights' gradient, summed over all tiles.
    func weightProducts(small z: UnsafePointer<Float>, large v: UnsafePointer<Float>,
                        into du: UnsafeMutablePointer<Float>) {
        let (s, l, n) = (smallChannels, largeChannels, tiles)
        for c in 0..<WinogradTransform.coefficients {
            MatrixMultiply.gemm(transposeB: true, m: s, n: l, k: n, a: z + c * s * n,
                                b: v + c * l * n, c: du + c * s * l)
        }
    }

    // MARK: Weights

    /// `U = G W Gᵀ` for `W[small][large][3][3]`, into `[25][small][large]`.
    static func transformWeights(_ w: UnsafePointer<Float>, smallChannels: Int, largeChannels: Int,
                                 into u: UnsafeMutablePointer<Float>) {
        let pairs = smallChannels * largeChannels, run = Self.run
        let k = WinogradTransform.kernelSize, t = WinogradTransform.tileSize
        let runs = (pairs + run - 1) / run
        WinogradTransform.kernelTransform.withUnsafeBufferPointer { g in
            Parallel.forEach(runs, valuesPerIteration: run * 200) { index in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: (k * k + t * k) * run) { space in
                    let gathered = space.baseAddress!, scratch = gathered + k * k * run
                    let start = index * run, count = min(run, pairs - start)
                    for u in 0..<count {
                        for e in 0..<k * k { gathered[e * count + u] = w[(start + u) * k * k + e] }
                    }
                    WinogradTransform.sandwich(g.baseAddress!, p: t, q: k, input: gathered,
                                               inputStride: count, output: u + start,
                                               outputStride: pairs, count: count, scratch: scratch)
                }
            }
        }
    }

    /// `dW += Gᵀ dU G` for `dU[25][small][large]`, into `dW[small][large][3][3]`.
    static func accumulateWeightGradient(_ du: UnsafePointer<Float>, smallChannels: Int,
                                         largeChannels: Int, into dw: UnsafeMutablePointer<Float>) {
        let pairs = smallChannels * largeChannels, run = Self.run
        let k = WinogradTransform.kernelSize, t = WinogradTransform.tileSize
        let runs = (pairs + run - 1) / run
        WinogradTransform.kernelAdjoint.withUnsafeBufferPointer { gt in
            Parallel.forEach(runs, valuesPerIteration: run * 200) { index in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: (k * k + k * t) * run) { space in
                    let values = space.baseAddress!, scratch = values + k * k * run
                    let start = index * run, count = min(run, pairs - start)
                    WinogradTransform.sandwich(gt.baseAddress!, p: k, q: t, input: du + start,
                                               inputStride: pairs, output: values,
                                               outputStride: count, count: count, scratch: scratch)
                    for u in 0..<count {
                        for e in 0..<k * k { dw[(start + u) * k * k + e] += values[e * count + u] }
                    }
                }
            }
        }
    }
}

/// Which algorithm a 3×3 stride-1 convolution layer uses.
public enum ConvolutionAlgorithm: Sendable {
    /// Winograd F(3×3, 3×3) when the batch has enough tiles for it to pay, im2col otherwise.
    case automatic
    /// Always im2col and one matrix product (the reference arithmetic).
    case direct
    /// Winograd F(3×3, 3×3) whenever the layer has a 3×3 kernel and stride 1.
    case winograd
}

/// The Winograd-transformed weights `U` of a layer: computed once and kept when the layer's
/// weights are fixed (inference copies), otherwise recomputed by every forward pass into
/// its cache, where the backward pass finds them.
final class WinogradWeights: @unchecked Sendable {
    private var fixed: FloatBuffer?

    /// Whether `U` is kept (see `fix`).
    var isFixed: Bool { fixed != nil }

    /// Computes and keeps `U` for weights that will not change any more.
    func fix(_ weight: Parameter, smallChannels: Int, largeChannels: Int) {
        let buffer = FloatBuffer(capacity: WinogradTransform.coefficients * smallChannels * largeChannels)
        weight.value.withUnsafeBufferPointer { w in
            WinogradCorrelation.transformWeights(w.baseAddress!, smallChannels: smallChannels,
                                                 largeChannels: largeChannels, into: buffer.pointer)
        }
        fixed = buffer
    }

    /// `U` for a forward pass: the fixed one, or freshly computed into `cache` slot `slot`.
    func forForward(_ weight: Parameter, plan: WinogradCorrelation, cache: LayerCache, slot: Int) -> UnsafePointer<Float> {
        if let fixed { return UnsafePointer(fixed.pointer) }
        let u = cache.buffer(slot, count: plan.weightCount)
        weight.value.withUnsafeBufferPointer { w in
            WinogradCorrelation.transformWeights(w.baseAddress!, smallChannels: plan.smallChannels,
                                                 largeChannels: plan.largeChannels, into: u)
        }
        return UnsafePointer(u)
    }

    /// `U` as the forward pass left it.
    func forBackward(plan: WinogradCorrelation, cache: LayerCache, slot: Int) -> UnsafePointer<Float> {
        UnsafePointer(fixed?.pointer ?? cache.buffer(slot, count: plan.weightCount))
    }
}
