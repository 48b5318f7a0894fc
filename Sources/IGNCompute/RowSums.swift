/// Sums over long rows of floats (one channel of a batch: up to millions of values), as the
/// batch norm statistics and bias gradients need them: in double, as several interleaved
/// running sums (element i goes to sum i mod 8, or mod 4 for the paired sums) that the
/// compiler can keep in vector registers. A single running sum is as exact but waits for each addition to finish
/// before the next: four times slower on these rows.
public enum RowSums {
    /// Σ row[i].
    public static func sum(_ row: UnsafePointer<Float>, count: Int) -> Double {
        var s = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        var i = 0
        while i + 8 <= count {
            s.0 += Double(row[i]); s.1 += Double(row[i + 1]); s.2 += Double(row[i + 2]); s.3 += Double(row[i + 3])
            s.4 += Double(row[i + 4]); s.5 += Double(row[i + 5]); s.6 += Double(row[i + 6]); s.7 += Double(row[i + 7])
            i += 8
        }
        var total = ((s.0 + s.1) + (s.2 + s.3)) + ((s.4 + s.5) + (s.6 + s.7))
        while i < count { total += Double(row[i]); i += 1 }
        return total
    }

    /// Σ (row[i] − mean)².
    public static func squaredDeviations(_ row: UnsafePointer<Float>, count: Int, mean: Double) -> Double {
        var s = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        func d(_ k: Int) -> Double { let v = Double(row[k]) - mean; return v * v }
        var i = 0
        while i + 8 <= count {
            s.0 += d(i); s.1 += d(i + 1); s.2 += d(i + 2); s.3 += d(i + 3)
            s.4 += d(i + 4); s.5 += d(i + 5); s.6 += d(i + 6); s.7 += d(i + 7)
            i += 8
        }
        var total = ((s.0 + s.1) + (s.2 + s.3)) + ((s.4 + s.5) + (s.6 + s.7))
        while i < count { total += d(i); i += 1 }
        return total
    }

    /// (Σ dy[i], Σ dy[i] · (x[i] − mean) · scale): batch norm's backward sums, each term
    /// rounded to float as the reference computes it.
    public static func gradientSums(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, count: Int,
                             mean: Float, scale: Float) -> (Double, Double) {
        var s = (0.0, 0.0, 0.0, 0.0), w = (0.0, 0.0, 0.0, 0.0)
        func t(_ k: Int) -> Double { Double(dy[k] * (x[k] - mean) * scale) }
        var i = 0
        while i + 4 <= count {
            s.0 += Double(dy[i]); s.1 += Double(dy[i + 1]); s.2 += Double(dy[i + 2]); s.3 += Double(dy[i + 3])
            w.0 += t(i); w.1 += t(i + 1); w.2 += t(i + 2); w.3 += t(i + 3)
            i += 4
        }
        var total = (s.0 + s.1) + (s.2 + s.3), weighted = (w.0 + w.1) + (w.2 + w.3)
        while i < count { total += Double(dy[i]); weighted += t(i); i += 1 }
        return (total, weighted)
    }
}
