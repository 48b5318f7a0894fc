/// Splitting work into batches.
public enum Batching {
    /// Consecutive ranges covering `0..<count`, as few as possible of at most `maximum`
    /// items, with sizes differing by at most one: no tiny last batch, whose batch
    /// statistics would rest on one or two images.
    public static func ranges(count: Int, maximum: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let batches = (count + maximum - 1) / max(maximum, 1)
        return (0..<batches).map { b in (count * b / batches)..<(count * (b + 1) / batches) }
    }
}
