/// Where each tile's values lie in a map's plane: `offsets[tile][value]`, −1 outside
/// the map; tiles wholly inside use `origin + pattern[value]` without checks.
struct WinogradTileOffsets {
    let offsets: [Int]
    /// Per tile: the offset of value 0 when every value is inside, else −1.
    let origins: [Int]
    let pattern: [Int]
    let valuesPerTile: Int

    init(_ offsets: [Int], valuesPerTile: Int, pattern: [Int]) {
        self.offsets = offsets
        self.valuesPerTile = valuesPerTile
        self.pattern = pattern
        origins = Swift.stride(from: 0, to: offsets.count, by: valuesPerTile).map { start in
            let tile = offsets[start..<start + valuesPerTile]
            return tile.allSatisfy({ $0 >= 0 }) && zip(tile, pattern).allSatisfy({ $0 - $1 == tile.first! })
                ? tile.first! : -1
        }
    }

    /// Copies tile `tile`'s values from `plane` (zeros outside) to `target[value · stride]`.
    @inline(__always)
    func gather(_ plane: UnsafePointer<Float>, tile: Int, into target: UnsafeMutablePointer<Float>, stride: Int) {
        let n = valuesPerTile
        let origin = origins[tile]
        if origin >= 0 {
            let source = plane + origin
            for e in 0..<n { target[e * stride] = source[pattern[e]] }
        } else {
            for e in 0..<n {
                let offset = offsets[tile * n + e]
                target[e * stride] = offset >= 0 ? plane[offset] : 0
            }
        }
    }

    /// Writes (or adds) `values[value · stride]` to tile `tile`'s places in `plane`,
    /// dropping values outside.
    @inline(__always)
    func scatter(_ values: UnsafePointer<Float>, stride: Int, tile: Int,
                 into plane: UnsafeMutablePointer<Float>, adding: Bool) {
        let n = valuesPerTile
        let origin = origins[tile]
        if origin >= 0 {
            let target = plane + origin
            if adding {
                for e in 0..<n { target[pattern[e]] += values[e * stride] }
            } else {
                for e in 0..<n { target[pattern[e]] = values[e * stride] }
            }
            return
        }
        for e in 0..<n {
            let offset = offsets[tile * n + e]
            if offset < 0 { continue }
            if adding { plane[offset] += values[e * stride] } else { plane[offset] = values[e * stride] }
        }
    }
}
