/// A convolution between channel-major maps computed with Winograd's algorithms
/// (`WinogradTransform`): the arithmetic of `Conv2d` and `ConvTranspose2d` layers with 3×3
/// kernels at stride 1 (F(3×3, 3×3) or F(5×5, 3×3)) or 4×4 kernels at stride 2 (F(4×4, 2×2)
/// on each of the kernel's four 2×2 phases), for batches large enough that α² matrix
/// products over transformed tiles beat one im2col product with more multiply–adds.
///
/// The convolution links a *large* map `L` (`largeHeight × largeWidth`, zero-padded by
/// `padding` on every side) and a *small* map `S` of size `(large + 2·padding − k)/stride + 1`,
/// with weights `W[small channel][large channel][k][k]`: `S[s] = Σₗ L[l] ⋆ W[s][l]` (strided).
/// A `Conv2d` maps L → S (its weights are `[out, in, k, k]`); a `ConvTranspose2d` maps S → L,
/// the adjoint (its weights are `[in, out, k, k]`). Either way the three passes are the same
/// three operations:
///
/// - large → small: `V = Bᵀ L B` per tile, `M[c] = U[c] · V[c]`, `S = Aᵀ M A`;
/// - small → large: `Z = A S Aᵀ`, `M[c] = U[c]ᵀ · Z[c]`, `L += B M Bᵀ` (overlapping tiles add);
/// - weights: `dU[c] = Z[c] · V[c]ᵀ`, `dW += Gᵀ dU G`;
///
/// with `U = G W Gᵀ`, one product per coefficient `c` (α² of them), and tiles of m×m small-map
/// positions over the whole batch. At stride 2 the large map is read as four *phase* maps
/// (its even/odd rows × even/odd columns), each correlated at stride 1 with the matching
/// 2×2 phase of the kernel, so a large channel counts as four. Tile values beyond a map's
/// edge are zeros on the way in and dropped on the way out, so each pass is the exact
/// adjoint of the other.
///
/// Layouts: maps `[channels][batch][height][width]`; transformed tiles `[α²][channels][tiles]`
/// (large channels × phases on the large side) with tiles numbered image by image;
/// transformed weights `[α²][small][large × phases]`.
public struct WinogradCorrelation {
    /// The weights' side: the algorithm, the channels and the transforms of `W`.
    public let weights: WinogradWeightShape
    let batch: Int
    let largeHeight: Int, largeWidth: Int
    let smallHeight: Int, smallWidth: Int
    let padding: Int
    let tileRows: Int, tileColumns: Int

    var smallChannels: Int { weights.smallChannels }
    var largeChannels: Int { weights.largeChannels }
    private var transform: WinogradTransform { weights.transform }
    private var stride: Int { weights.stride }

    /// Tiles per image.
    var tilesPerImage: Int { tileRows * tileColumns }
    /// Tiles over the whole batch: the column count of every matrix product.
    var tiles: Int { batch * tilesPerImage }

    /// Transformed tiles of the large maps (`V`, or `M` on the way back).
    var largeTileCount: Int { transform.coefficients * weights.largeColumns * tiles }
    /// Transformed tiles of the small maps (`Z`, or `M` on the way out).
    var smallTileCount: Int { transform.coefficients * smallChannels * tiles }
    /// Transformed weights (`U`, `dU`).
    public var weightCount: Int { weights.count }

    /// Tiles transformed together: long enough for vector loops, short enough for L1.
    static let run = 64

    /// The plan for a layer of this shape, or nil when no algorithm here fits its kernel
    /// (3×3 at stride 1 and 4×4 at stride 2 do).
    public init?(kernel: Int, stride: Int, smallChannels: Int, largeChannels: Int, batch: Int,
          largeHeight: Int, largeWidth: Int, padding: Int) {
        let smallHeight = (largeHeight + 2 * padding - kernel) / stride + 1
        let smallWidth = (largeWidth + 2 * padding - kernel) / stride + 1
        guard let weights = WinogradWeightShape(kernel: kernel, stride: stride, smallChannels: smallChannels,
                                                largeChannels: largeChannels,
                                                smallHeight: smallHeight, smallWidth: smallWidth)
        else { return nil }
        self.weights = weights
        self.batch = batch
        self.largeHeight = largeHeight
        self.largeWidth = largeWidth
        self.padding = padding
        self.smallHeight = smallHeight
        self.smallWidth = smallWidth
        let side = weights.transform.outputSize
        self.tileRows = max(0, (smallHeight + side - 1) / side)
        self.tileColumns = max(0, (smallWidth + side - 1) / side)
    }

    /// Whether a layer of this shape should use this algorithm rather than im2col. Per image
    /// and channel pair, im2col multiplies k² times per small-map value, this algorithm α²
    /// times per tile and phase — 1.9–4.6× fewer for 3×3 kernels on maps of 3×3 and more,
    /// 2.8× *more* for a 1×1 map — and each transformed tile value costs about as much as
    /// `transformCost` multiply–adds of a matrix product (measured on the reference
    /// layers). With only a few tiles in the batch the products become matrix–vector ones
    /// that stream several times more weights than im2col's, so those stay direct as well.
    public var pays: Bool {
        guard smallHeight > 0, smallWidth > 0, tiles >= 32 else { return false }
        let (s, l) = (Double(smallChannels), Double(weights.largeColumns))
        let k = Double(weights.kernelSide)
        let direct = k * k * Double(smallHeight * smallWidth) * s * Double(largeChannels)
        let winograd = Double(transform.coefficients * tilesPerImage) * (s * l + Self.transformCost * (s + l))
        return winograd <= 0.8 * direct
    }

    /// The cost of transforming one tile value, in multiply–adds of a matrix product.
    static let transformCost = 15.0

    // MARK: Layer passes

    /// Which way a layer maps: a convolution maps its input (the large map) to its output
    /// (the small map); a transposed convolution maps small to large.
    public enum Direction: Sendable { case largeToSmall, smallToLarge }

    /// A layer's forward pass with transformed weights `u`. The input's transformed tiles
    /// stay in `scratch` slot 0 for the weight gradient; slot 1 is scratch.
    public func forward(_ direction: Direction, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                        weights u: UnsafePointer<Float>, scratch: ScratchSpace) {
        switch direction {
        case .largeToSmall:
            let v = scratch.buffer(0, count: largeTileCount)
            transformLarge(input, into: v)
            let m = scratch.buffer(1, count: smallTileCount)
            multiplyToSmall(weights: u, v, into: m)
            writeSmall(m, into: output)
        case .smallToLarge:
            let z = scratch.buffer(0, count: smallTileCount)
            transformSmall(input, into: z)
            let m = scratch.buffer(1, count: largeTileCount)
            multiplyToLarge(weights: u, z, into: m)
            writeLarge(m, into: output)
        }
    }

    /// A layer's backward pass after `forward` with the same `scratch`: writes the input's
    /// gradient when `gradInput` is given and adds the weights' gradient into
    /// `weightGradient` when it is given. Leaves what the forward pass saved unchanged, so a
    /// pass can be backpropagated more than once (slots 3 and 4 hold the gradient's tiles
    /// and the transformed weights' gradient).
    public func backward(_ direction: Direction, gradOutput: UnsafePointer<Float>,
                         gradInput: UnsafeMutablePointer<Float>?, weights u: UnsafePointer<Float>,
                         weightGradient dw: UnsafeMutablePointer<Float>?, scratch: ScratchSpace) {
        switch direction {
        case .largeToSmall:
            let z = scratch.buffer(3, count: smallTileCount)
            transformSmall(gradOutput, into: z)
            if let dw {
                let du = scratch.buffer(4, count: weightCount)
                weightProducts(small: z, large: scratch.buffer(0, count: largeTileCount), into: du)
                weights.accumulateWeightGradient(du, into: dw)
            }
            if let gradInput {
                let m = scratch.buffer(1, count: largeTileCount)
                multiplyToLarge(weights: u, z, into: m)
                writeLarge(m, into: gradInput)
            }
        case .smallToLarge:
            let v = scratch.buffer(3, count: largeTileCount)
            transformLarge(gradOutput, into: v)
            if let dw {
                let du = scratch.buffer(4, count: weightCount)
                weightProducts(small: scratch.buffer(0, count: smallTileCount), large: v, into: du)
                weights.accumulateWeightGradient(du, into: dw)
            }
            if let gradInput {
                let m = scratch.buffer(1, count: smallTileCount)
                multiplyToSmall(weights: u, v, into: m)
                writeSmall(m, into: gradInput)
            }
        }
    }

    // MARK: Tile positions

    /// For each phase, each tile of an image and each of its α×α values: the offset in a
    /// large map's plane, or −1 where the tile leaves the map (padding, or past the edge).
    private func largeOffsets() -> WinogradTileOffsets {
        let t = transform.tileSize, side = transform.outputSize
        var offsets: [Int] = []
        offsets.reserveCapacity(weights.phases * tilesPerImage * t * t)
        for phase in 0..<weights.phases {
            let (py, px) = (phase / stride, phase % stride)
            for row in 0..<tileRows {
                for column in 0..<tileColumns {
                    for y in 0..<t {
                        for x in 0..<t {
                            let ly = stride * (row * side + y) + py - padding
                            let lx = stride * (column * side + x) + px - padding
                            let inside = ly >= 0 && ly < largeHeight && lx >= 0 && lx < largeWidth
                            offsets.append(inside ? ly * largeWidth + lx : -1)
                        }
                    }
                }
            }
        }
        let pattern = (0..<t * t).map { e in stride * ((e / t) * largeWidth + e % t) }
        return WinogradTileOffsets(offsets, valuesPerTile: t * t, pattern: pattern)
    }

    /// For each tile of an image and each of its m×m values: the offset in a small map's
    /// plane, or −1 past the edge.
    private func smallOffsets() -> WinogradTileOffsets {
        let side = transform.outputSize
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
        let pattern = (0..<side * side).map { e in (e / side) * smallWidth + e % side }
        return WinogradTileOffsets(offsets, valuesPerTile: side * side, pattern: pattern)
    }

    // MARK: Tiles in and out

    /// `V = Bᵀ L B` for every tile of every large-map channel (and phase).
    private func transformLarge(_ maps: UnsafePointer<Float>, into v: UnsafeMutablePointer<Float>) {
        let t = transform.tileSize, phases = weights.phases, perImage = tilesPerImage
        let plane = largeHeight * largeWidth, batch = self.batch
        gatherAndTransform(channels: weights.largeColumns, tileValues: t, offsets: largeOffsets(),
                           matrix: transform.inputTransform, into: v) { channel in
            (maps + (channel / phases) * batch * plane, plane, (channel % phases) * perImage)
        }
    }

    /// `Z = A S Aᵀ` for every tile of every small-map channel.
    private func transformSmall(_ maps: UnsafePointer<Float>, into z: UnsafeMutablePointer<Float>) {
        let plane = smallHeight * smallWidth, batch = self.batch
        gatherAndTransform(channels: smallChannels, tileValues: transform.outputSize,
                           offsets: smallOffsets(), matrix: transform.outputAdjoint, into: z) { channel in
            (maps + channel * batch * plane, plane, 0)
        }
    }

    /// `S = Aᵀ M A`: writes every small-map value (tile parts past the edge are dropped).
    private func writeSmall(_ m: UnsafePointer<Float>, into maps: UnsafeMutablePointer<Float>) {
        let side = transform.outputSize, plane = smallHeight * smallWidth
        let tiles = self.tiles, perImage = tilesPerImage, batch = self.batch
        let offsets = smallOffsets(), matrix = transform.outputTransform
        Parallel.forEach(smallChannels, valuesPerIteration: tiles * 100) { channel in
            let channelMaps = maps + channel * batch * plane
            transformRuns(m + channel * tiles, stride: smallChannels * tiles, matrix: matrix,
                          p: side) { start, count, values in
                for u in 0..<count {
                    let tile = start + u
                    offsets.scatter(values + u, stride: count, tile: tile % perImage,
                                    into: channelMaps + (tile / perImage) * plane, adding: false)
                }
            }
        }
    }

    /// `L = Σ B M Bᵀ`: overwrites the large maps with the sum of their overlapping tiles
    /// (and phases; tile parts in the padding or past the edge are dropped).
    private func writeLarge(_ m: UnsafePointer<Float>, into maps: UnsafeMutablePointer<Float>) {
        let t = transform.tileSize, plane = largeHeight * largeWidth, phases = weights.phases
        let tiles = self.tiles, perImage = tilesPerImage, batch = self.batch
        let columns = weights.largeColumns
        let offsets = largeOffsets(), matrix = transform.inputAdjoint
        Parallel.forEach(largeChannels, valuesPerIteration: tiles * 100 * phases) { channel in
            let channelMaps = maps + channel * batch * plane
            channelMaps.update(repeating: 0, count: batch * plane)
            for phase in 0..<phases {
                transformRuns(m + (channel * phases + phase) * tiles, stride: columns * tiles,
                              matrix: matrix, p: t) { start, count, values in
                    for u in 0..<count {
                        let tile = start + u
                        offsets.scatter(values + u, stride: count, tile: phase * perImage + tile % perImage,
                                        into: channelMaps + (tile / perImage) * plane, adding: true)
                    }
                }
            }
        }
    }

    /// For each channel (in parallel): gathers each tile's `tileValues²` map values (zeros
    /// outside) and writes `M · tile · Mᵀ` (α×α) to `[α²][channels][tiles]`. `source(channel)`
    /// gives the channel's maps, their plane size and where its rows of `offsets` start.
    private func gatherAndTransform(channels: Int, tileValues q: Int, offsets: WinogradTileOffsets, matrix: [Float],
                                    into target: UnsafeMutablePointer<Float>,
                                    source: (Int) -> (maps: UnsafePointer<Float>, plane: Int, firstTile: Int)) {
        let tiles = self.tiles, perImage = tilesPerImage
        let p = transform.tileSize, run = Self.run
        matrix.withUnsafeBufferPointer { matrix in
            Parallel.forEach(channels, valuesPerIteration: tiles * 100) { channel in
                let (maps, plane, firstTile) = source(channel)
                withUnsafeTemporaryAllocation(of: Float.self, capacity: (q * q + p * q) * run) { space in
                    let gathered = space.baseAddress!, scratch = gathered + q * q * run
                    var start = 0
                    while start < tiles {
                        let count = min(run, tiles - start)
                        for u in 0..<count {
                            let tile = start + u
                            offsets.gather(maps + (tile / perImage) * plane, tile: firstTile + tile % perImage,
                                           into: gathered + u, stride: count)
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

    /// Runs over one channel's tiles in runs: computes `M · tile · Mᵀ` (`p × p` values per tile)
    /// from `[α²][…]` rows at `source` (α² rows `stride` apart) and hands each run's values
    /// (`[p²][count]`) to `deliver(start, count, values)`.
    private func transformRuns(_ source: UnsafePointer<Float>, stride: Int, matrix: [Float], p: Int,
                               deliver: (Int, Int, UnsafePointer<Float>) -> Void) {
        let q = transform.tileSize, run = Self.run, tiles = self.tiles
        matrix.withUnsafeBufferPointer { matrix in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: (p * p + p * q) * run) { space in
                let values = space.baseAddress!, scratch = values + p * p * run
                var start = 0
                while start < tiles {
                    let count = min(run, tiles - start)
                    WinogradTransform.sandwich(matrix.baseAddress!, p: p, q: q, input: source + start,
                                               inputStride: stride, output: values, outputStride: count,
                                               count: count, scratch: scratch)
                    deliver(start, count, values)
                    start += count
                }
            }
        }
    }

    // MARK: Products

    /// Runs the α² products `body(c)`, whole products shared out over the cores (each one
    /// on one thread: fewer hand-overs than splitting every product).
    private func products(_ body: (Int) -> Void) {
        Parallel.forEach(transform.coefficients, valuesPerIteration: 1 << 20, body)
    }

    /// `M[c] = U[c] · V[c]`: transformed large tiles → transformed small tiles.
    private func multiplyToSmall(weights u: UnsafePointer<Float>, _ v: UnsafePointer<Float>,
                         into m: UnsafeMutablePointer<Float>) {
        let (s, l, n) = (smallChannels, weights.largeColumns, tiles)
        products { c in
            MatrixMultiply.gemm(m: s, n: n, k: l, a: u + c * s * l, b: v + c * l * n, c: m + c * s * n,
                                onCallingThread: true)
        }
    }

    /// `M[c] = U[c]ᵀ · Z[c]`: transformed small tiles → transformed large tiles.
    private func multiplyToLarge(weights u: UnsafePointer<Float>, _ z: UnsafePointer<Float>,
                         into m: UnsafeMutablePointer<Float>) {
        let (s, l, n) = (smallChannels, weights.largeColumns, tiles)
        products { c in
            MatrixMultiply.gemm(transposeA: true, m: l, n: n, k: s, a: u + c * s * l,
                                b: z + c * s * n, c: m + c * l * n, onCallingThread: true)
        }
    }

    /// `dU[c] = Z[c] · V[c]ᵀ`: the transformed weights' gradient, summed over all tiles.
    private func weightProducts(small z: UnsafePointer<Float>, large v: UnsafePointer<Float>,
                        into du: UnsafeMutablePointer<Float>) {
        let (s, l, n) = (smallChannels, weights.largeColumns, tiles)
        products { c in
            MatrixMultiply.gemm(transposeB: true, m: s, n: l, k: n, a: z + c * s * n,
                                b: v + c * l * n, c: du + c * s * l, onCallingThread: true)
        }
    }
}
