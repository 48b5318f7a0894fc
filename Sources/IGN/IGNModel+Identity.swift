import IGNNeural

extension IGNModel {
    /// A short fingerprint of the model: 64-bit FNV-1a (one 32-bit word per round) over its
    /// image geometry and the bits of every weight, as 16 hex digits. Two loads of the same file agree; any retraining or
    /// another file gives another identity. Latent files carry it so that a latent is never
    /// decoded by a model it does not belong to.
    public var identity: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ word: UInt32) { hash = (hash ^ UInt64(word)) &* 0x100_0000_01b3 }
        for dimension in [imageGeometry.channels, imageGeometry.height, imageGeometry.width] { mix(UInt32(dimension)) }
        for (_, parameter) in network.parameters {
            parameter.value.withUnsafeBufferPointer { values in
                for value in values { mix(value.bitPattern) }
            }
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
