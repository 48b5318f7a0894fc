import CBLAS
import CKernels
#if canImport(Glibc)
import Glibc
#endif

/// What the engine runs on this machine: the CPU, the instruction sets its own kernels use,
/// and the OpenBLAS core behind its matrix products — for benchmarks and bug reports, so that
/// figures from different machines can be told apart.
///
/// The engine itself chooses nothing by the BLAS core (its blockings and cost models are
/// fixed; `MatrixMultiply` only splits products by thread count); the core sets how fast
/// every large product runs, so it is printed with every benchmark.
public struct KernelChoice: Sendable {
    /// The CPU's name (`model name` in /proc/cpuinfo) with its family and model numbers.
    public let cpuModel: String
    /// The instruction sets this CPU offers (and the OS enables).
    public let features: CPUFeatures
    /// The vector width of the packed batch-1 kernel: 512, 256, or 0 when the CPU runs no
    /// `CKernels` kernel (then BLAS does every product).
    public let packedKernelBits: Int
    /// Whether the Winograd tile transforms run as AVX2/FMA kernels.
    public let vectorTransforms: Bool
    /// The OpenBLAS core and what it runs.
    public let blas: BLASCore

    /// The choice made on this machine, now.
    public static func current() -> KernelChoice {
        let available = ign_kernels_available() != 0
        return KernelChoice(cpuModel: CPUInfo.modelDescription(),
                            features: CPUFeatures(rawValue: ign_cpu_features()),
                            packedKernelBits: available ? Int(ign_packed_gemm_vector_bits()) : 0,
                            vectorTransforms: available,
                            blas: BLASCore.current(cpuFeatures: CPUFeatures(rawValue: ign_cpu_features())))
    }

    /// A few lines for a benchmark's header.
    public var description: [String] {
        var lines = ["cpu: \(cpuModel)"]
        var used: [String] = []
        if vectorTransforms { used.append("AVX2/FMA (Winograd transforms, packed products)") }
        if packedKernelBits == 512 { used.append("AVX-512F (packed batch-1 products)") }
        if used.isEmpty { used.append("none (portable Swift loops and BLAS only)") }
        let unused = features.names.filter { ["AVX-512 VNNI", "AVX-512 BF16"].contains($0) }
        lines.append("cpu features: \(features.names.joined(separator: " ")); ign's kernels use "
                     + used.joined(separator: ", ")
                     + (unused.isEmpty ? "" : "; \(unused.joined(separator: ", ")) present, unused (float32 engine)"))
        lines.append(contentsOf: blas.description)
        return lines
    }
}

/// Instruction sets of the CPU, as the compiler's run-time check (`ign_cpu_features`) sees them.
public struct CPUFeatures: OptionSet, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let avx2 = CPUFeatures(rawValue: IGN_CPU_AVX2)
    public static let fma = CPUFeatures(rawValue: IGN_CPU_FMA)
    public static let avx512f = CPUFeatures(rawValue: IGN_CPU_AVX512F)
    public static let avx512vnni = CPUFeatures(rawValue: IGN_CPU_AVX512_VNNI)
    public static let avx512bf16 = CPUFeatures(rawValue: IGN_CPU_AVX512_BF16)

    /// The names of the features present, narrowest first.
    public var names: [String] {
        [(CPUFeatures.avx2, "AVX2"), (.fma, "FMA"), (.avx512f, "AVX-512F"),
         (.avx512vnni, "AVX-512 VNNI"), (.avx512bf16, "AVX-512 BF16")]
            .filter { contains($0.0) }.map(\.1)
    }

    /// The widest float vector this CPU runs: 512, 256 (AVX2 with FMA) or 128.
    public var widestVectorBits: Int {
        contains(.avx512f) ? 512 : contains([.avx2, .fma]) ? 256 : 128
    }
}

/// The OpenBLAS core: the name OpenBLAS gives it, the kernel table it really uses, and that
/// table's vector width.
///
/// A `DYNAMIC_ARCH` build (Debian's) picks a table of kernels (`gotoblas_HASWELL`, …) by
/// CPU family and model when it loads (OpenBLAS 0.3.21 picks `COOPERLAKE` on an AMD EPYC
/// of family 26), unless `OPENBLAS_CORETYPE` names one; a CPU the library does not know
/// falls back to an older table (`PRESCOTT`, SSE3, for unknown models), and
/// `openblas_get_corename()` names that table. Its name list can also lag behind its
/// tables, so `table` is found independently: the address in OpenBLAS's exported
/// `gotoblas` pointer is compared with the exported tables'.
public struct BLASCore: Sendable {
    /// `openblas_get_corename()`.
    public let reportedName: String
    /// `openblas_get_config()`: version and build options.
    public let config: String
    /// The kernel table in use (`HASWELL`, `SKYLAKEX`, …), or nil when the library exports
    /// no tables (a build for one CPU, where the reported name is the compile-time core).
    public let table: String?
    /// The vector width of that table's kernels, when the table is one `BLASCore` knows.
    public let vectorBits: Int?
    /// `OPENBLAS_CORETYPE`, when the environment forces a core.
    public let forced: String?
    /// A core of this library whose kernels use the CPU's widest vectors, when the chosen
    /// one uses narrower ones (say `SkylakeX` on an AVX-512 CPU running `Haswell`): the
    /// value of OPENBLAS_CORETYPE that would select it.
    public let wider: String?

    /// x86-64 kernel tables of OpenBLAS: symbol suffix, the name OPENBLAS_CORETYPE takes,
    /// and the width of the vectors their single-precision GEMM kernels use.
    static let knownTables: [(table: String, coreType: String, bits: Int)] = [
        ("PRESCOTT", "Prescott", 128), ("CORE2", "Core2", 128), ("PENRYN", "Penryn", 128),
        ("DUNNINGTON", "Dunnington", 128), ("NEHALEM", "Nehalem", 128), ("ATOM", "Atom", 128),
        ("OPTERON", "Opteron", 128), ("OPTERON_SSE3", "Opteron_SSE3", 128), ("BARCELONA", "Barcelona", 128),
        ("BOBCAT", "Bobcat", 128), ("NANO", "Nano", 128), ("BULLDOZER", "Bulldozer", 128),
        ("PILEDRIVER", "Piledriver", 128), ("STEAMROLLER", "Steamroller", 128), ("EXCAVATOR", "Excavator", 128),
        ("SANDYBRIDGE", "Sandybridge", 256), ("HASWELL", "Haswell", 256), ("ZEN", "Zen", 256),
        ("SKYLAKEX", "SkylakeX", 512), ("COOPERLAKE", "Cooperlake", 512), ("SAPPHIRERAPIDS", "SapphireRapids", 512),
    ]

    /// The core of the OpenBLAS this process has loaded.
    static func current(cpuFeatures: CPUFeatures) -> BLASCore {
        let reported = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        let config = openblas_get_config().map { String(cString: $0) } ?? ""
        let forced = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) }
        var table: String?
        var present: Set<String> = []
        if let handle = dlopen(nil, RTLD_NOW) {
            let chosen = dlsym(handle, "gotoblas")?.assumingMemoryBound(to: UnsafeRawPointer?.self).pointee
            for known in knownTables {
                guard let address = dlsym(handle, "gotoblas_" + known.table) else { continue }
                present.insert(known.table)
                if let chosen, UnsafeRawPointer(address) == chosen { table = known.table }
            }
            dlclose(handle)
        }
        let bits = knownTables.first { $0.table == (table ?? reported.uppercased()) }?.bits
        var wider: String?
        if let bits, bits < cpuFeatures.widestVectorBits {
            // The plainest table of the CPU's width that this library has.
            wider = knownTables.first { $0.bits == cpuFeatures.widestVectorBits && present.contains($0.table) }?.coreType
        }
        return BLASCore(reportedName: reported, config: config, table: table, vectorBits: bits,
                        forced: forced, wider: wider)
    }

    /// Lines for a benchmark's header.
    public var description: [String] {
        var line = "blas: \(config.isEmpty ? "OpenBLAS" : config); core \"\(reportedName)\""
        if let table {
            line += table.lowercased() == reportedName.lowercased()
                ? " (kernel table gotoblas_\(table))" : ", but it runs the kernel table gotoblas_\(table)"
        }
        if let vectorBits { line += ", \(vectorBits)-bit sgemm kernels" }
        if let forced { line += " (forced by OPENBLAS_CORETYPE=\(forced))" }
        var lines = [line]
        if let wider {
            lines.append("blas: this CPU has wider vectors than that core uses; OPENBLAS_CORETYPE=\(wider) selects "
                         + "kernels that use them")
        }
        return lines
    }
}

/// /proc/cpuinfo's description of the first CPU.
enum CPUInfo {
    /// "AMD EPYC (family 26, model 2)", or "unknown" where /proc/cpuinfo cannot be read.
    static func modelDescription(cpuinfo: String? = readCPUInfo()) -> String {
        guard let cpuinfo else { return "unknown" }
        var fields: [String: String] = [:]
        for line in cpuinfo.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { break }   // the first processor's block ends at a blank line
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: " \t"), value = parts[1].trimmingCharacters(in: " \t")
            if fields[key] == nil { fields[key] = value }
        }
        let name = fields["model name"] ?? fields["Model"] ?? fields["CPU part"] ?? "unknown"
        if let family = fields["cpu family"], let model = fields["model"] {
            return "\(name) (family \(family), model \(model))"
        }
        return name
    }

    static func readCPUInfo() -> String? {
        guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
        defer { fclose(file) }
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if read == 0 { break }
            text.append(contentsOf: chunk[0..<read])
            if text.count > 1 << 16 { break }   // the first CPU's block is well inside this
        }
        return String(decoding: text, as: UTF8.self)
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
