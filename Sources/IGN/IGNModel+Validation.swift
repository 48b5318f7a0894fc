import IGNNeural

extension IGNModel {
    /// Refuses weights, statistics or noise statistics that are not finite numbers (NaN or
    /// ±Inf), naming the first tensor that holds one: such a model would write black or
    /// garbage images without any error.
    func checkFinite() throws {
        func check(_ values: [Float], _ name: String) throws {
            // NaN and ±Inf are the values whose exponent bits are all ones: the largest exponent
            // field, an integer maximum, finds them in one pass the compiler vectorises.
            let largestExponent = values.withUnsafeBytes { bytes in
                bytes.bindMemory(to: UInt32.self).reduce(UInt32(0)) { Swift.max($0, $1 & 0x7F80_0000) }
            }
            guard largestExponent == 0x7F80_0000, let bad = values.first(where: { !$0.isFinite }) else { return }
            throw IGNModelError.invalid("\(name) (\(IGNModel.readablePath(name))) holds \(bad) values: the weights are corrupt")
        }
        for (name, parameter) in network.parameters { try check(parameter.value, name) }
        for (name, buffer) in network.stateBuffers { try check(buffer.value, name) }
        for (set, statistics) in statisticsSets {
            for (key, values) in statistics.values { try check(values, "ign.statistics.\(set).\(key)") }
        }
        if case .frequency(let s) = noise {
            for (name, values) in [("real_mean", s.realMean), ("real_std", s.realDeviation),
                                   ("imag_mean", s.imaginaryMean), ("imag_std", s.imaginaryDeviation)] {
                try check(values, "ign.noise.\(name)")
            }
        }
    }

    /// "0.2.weight" as "encoder layer 2", "1.0.running_var" as "decoder layer 0"; other
    /// names as they are.
    static func readablePath(_ key: String) -> String {
        let parts = key.split(separator: ".")
        guard parts.count >= 3, let part = Int(parts[0]), let layer = Int(parts[1]), part < 2 else { return "model data" }
        return "\(part == 0 ? "encoder" : "decoder") layer \(layer)"
    }
}
