/// Bit-exact conversions between `Float` and the 16-bit float formats of weight files:
/// IEEE 754 binary16 ("F16") and bfloat16 ("BF16"). Narrowing rounds to nearest, ties to
/// even; overflow gives infinity; NaN stays NaN.
public enum HalfPrecision {
    /// The `Float` value of a binary16 bit pattern (exact). Branch-free, so that loops over
    /// whole tensors vectorise: exponent and mantissa are moved into a `Float`'s places and
    /// multiplied by 2¹¹² (the difference of the two exponent biases), which also turns
    /// binary16 subnormals into the right normal `Float`s; infinities and NaNs get the
    /// all-ones exponent instead.
    @inline(__always)
    public static func float(fromHalf h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let shifted = UInt32(h & 0x7FFF) << 13
        let rebiased = (Float(bitPattern: shifted) * 0x1p112).bitPattern
        let magnitude = h & 0x7C00 == 0x7C00 ? shifted | 0x7F80_0000 : rebiased
        return Float(bitPattern: sign | magnitude)
    }

    /// The nearest binary16 bit pattern to `value` (ties to even).
    @inline(__always)
    public static func half(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        let mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {  // infinity or NaN (keep NaN quiet and non-zero)
            return sign | 0x7C00 | (mantissa != 0 ? 0x200 | UInt16(truncatingIfNeeded: mantissa >> 13) : 0)
        }
        let e = exponent - 127 + 15
        if e >= 31 { return sign | 0x7C00 }
        if e <= 0 {
            if e < -10 { return sign }  // below half the smallest subnormal: zero
            let m = mantissa | 0x80_0000
            let shift = UInt32(14 - e)
            var result = m >> shift
            let remainder = m & ((1 << shift) - 1), halfway = UInt32(1) << (shift - 1)
            if remainder > halfway || (remainder == halfway && result & 1 == 1) { result += 1 }
            return sign | UInt16(result)  // a carry becomes the smallest normal, as it should
        }
        var result = UInt32(e) << 10 | mantissa >> 13
        let remainder = mantissa & 0x1FFF
        if remainder > 0x1000 || (remainder == 0x1000 && result & 1 == 1) { result += 1 }
        return sign | UInt16(result)  // a carry into the exponent may reach infinity: correct
    }

    /// The `Float` value of a bfloat16 bit pattern (exact).
    @inline(__always)
    public static func float(fromBFloat16 b: UInt16) -> Float {
        Float(bitPattern: UInt32(b) << 16)
    }

    /// The nearest bfloat16 bit pattern to `value` (ties to even).
    @inline(__always)
    public static func bfloat16(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x40 }
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: rounded >> 16)
    }
}
