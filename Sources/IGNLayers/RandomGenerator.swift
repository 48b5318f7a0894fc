/// A small, fast, seedable pseudo-random generator (xoshiro256**) whose whole state can be
/// saved and restored, so that a resumed training run draws exactly the same numbers.
public struct RandomGenerator: RandomNumberGenerator, Equatable, Sendable {
    /// The four words of state.
    public var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator seeded from one number (expanded with SplitMix64).
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// A generator continuing from saved state words.
    public init(stateWords: [UInt64]) {
        precondition(stateWords.count == 4)
        state = (stateWords[0], stateWords[1], stateWords[2], stateWords[3])
    }

    /// The state as four words, for checkpoints.
    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    public static func == (a: RandomGenerator, b: RandomGenerator) -> Bool {
        a.stateWords == b.stateWords
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    @inline(__always)
    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform value in [0, 1).
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / Float(1 << 24))
    }

    /// Fills `target` with standard normal values (Box–Muller, two values per pair of draws).
    public mutating func fillNormal(_ target: UnsafeMutablePointer<Float>, count: Int,
                                    mean: Float = 0, standardDeviation: Float = 1) {
        var i = 0
        while i < count {
            let u1 = Double(next() >> 11 | 1) * (1.0 / 9_007_199_254_740_992.0)  // (0, 1)
            let u2 = Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
            let radius = (-2 * log(u1)).squareRoot()
            let angle = 2 * Double.pi * u2
            target[i] = mean + standardDeviation * Float(radius * cos(angle))
            if i + 1 < count { target[i + 1] = mean + standardDeviation * Float(radius * sin(angle)) }
            i += 2
        }
    }

    /// An array of `count` normal values.
    public mutating func normal(count: Int, mean: Float = 0, standardDeviation: Float = 1) -> [Float] {
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBufferPointer {
            fillNormal($0.baseAddress!, count: count, mean: mean, standardDeviation: standardDeviation)
        }
        return values
    }
}

#if canImport(Glibc)
import Glibc
#else
import FoundationEssentials
#endif
