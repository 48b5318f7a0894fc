import Foundation
import IGN
import IGNNeural

/// One measured figure.
struct Measurement: Codable {
    var layout: String
    var kind: String          // "inference" or "training"
    var batch: Int
    var seconds: Double       // median time of one call
    var imagesPerSecond: Double
    var gflops: Double
}

/// The benchmarks: inference with running statistics, and one IGN training step.
enum Benchmarks {
    static func randomMaps(_ geometry: Geometry, batch: Int, seed: UInt64, squash: Bool) -> FeatureMaps {
        let maps = FeatureMaps()
        maps.resize(geometry, batch: batch)
        var generator = RandomGenerator(seed: seed)
        generator.fillNormal(maps.pointer, count: maps.count)
        if squash { for i in 0..<maps.count { maps.pointer[i] = Float(tanh(Double(maps.pointer[i]))) } }
        return maps
    }

    /// Inference (`.inference`: running statistics, dropout off) at `batch`.
    static func inference(_ workload: Workload, network: Layer, batch: Int, repeats: Int) -> Measurement {
        let input = randomMaps(workload.geometry, batch: batch, seed: 2, squash: true)
        let output = FeatureMaps(), cache = LayerCache()
        // Small batches are fast: time a group of calls so that each sample is ~50 ms or more.
        let calls = max(1, 64 / batch)
        let seconds = Stopwatch.median(repeats: repeats, warmup: 2) {
            for _ in 0..<calls { network.forward(input, into: output, cache: cache, mode: .inference) }
        } / Double(calls)
        return Measurement(layout: workload.name, kind: "inference", batch: batch, seconds: seconds,
                           imagesPerSecond: Double(batch) / seconds,
                           gflops: workload.forwardFlops(batch: batch) / seconds / 1e9)
    }

    /// One full IGN training step (the IGN module's `TrainingStep`, paper objective, Adam).
    static func training(_ workload: Workload, network: Layer, batch: Int, repeats: Int) -> Measurement {
        let x = randomMaps(workload.geometry, batch: batch, seed: 3, squash: true)
        let z = randomMaps(workload.geometry, batch: batch, seed: 4, squash: false)
        let adam = Adam(parameters: network.parameters.map(\.parameter), learningRate: 1e-4,
                        beta1: 0.5, beta2: 0.999)
        let step = TrainingStep(network: network, optimizer: adam, objective: .paper)
        let seconds = Stopwatch.median(repeats: repeats, warmup: 1) { step.run(x: x, z: z) }
        return Measurement(layout: workload.name, kind: "training", batch: batch, seconds: seconds,
                           imagesPerSecond: Double(batch) / seconds,
                           gflops: workload.trainingFlops(batch: batch) / seconds / 1e9)
    }

    /// OpenBLAS's single-thread sgemm rate on a 512×512×512 product (best of 5): what the
    /// chosen core really delivers, to set against the CPU's peak (per core and GHz: 16
    /// FLOP per cycle with SSE kernels, 32 with AVX2/FMA, 64 with AVX-512 on two FMA units).
    static func sgemmProbe(size: Int = 512) -> String {
        let a = FloatBuffer(capacity: size * size), b = FloatBuffer(capacity: size * size)
        let c = FloatBuffer(capacity: size * size)
        for i in 0..<size * size { a.pointer[i] = Float(i % 7) * 0.1; b.pointer[i] = Float(i % 5) * 0.1 }
        var best = Double.infinity
        for _ in 0..<6 {   // the first call warms up
            let seconds = Stopwatch.time {
                MatrixMultiply.gemm(m: size, n: size, k: size, a: a.pointer, b: b.pointer, c: c.pointer,
                                    onCallingThread: true)
            }
            best = min(best, seconds)
        }
        return String(format: "blas: sgemm %d³ on one thread: %.1f GFLOP/s (best of 5)",
                      size, 2 * Double(size * size * size) / best / 1e9)
    }

    /// Per-layer forward and backward times of one training step and one inference pass
    /// (the inference pass as `ign` runs it: batch norms folded into the convolutions).
    static func profile(_ workload: Workload, batch: Int, repeats: Int) -> String {
        let network = workload.makeNetwork()
        var timers = ((network as? Sequential)?.leaves ?? [network]).map(LayerTimer.init)
        let flat = Sequential(timers)
        var lines: [String] = []
        // Per-image MACs of each layer (zero for non-convolutions), for GFLOP/s per layer.
        var layerMacs: [Int] = []
        func measureMacs() {
            layerMacs = []
            var geometry = workload.geometry
            for timer in timers {
                layerMacs.append(Workload.macs(of: timer.inner, input: geometry))
                geometry = try! timer.inner.outputGeometry(for: geometry)
            }
        }
        measureMacs()
        func report(_ title: String, batch: Int, steps: Int, total: Double) {
            lines.append("\(workload.name) \(title), batch \(batch), per call (ms; GFLOP/s of the layer's own forward calls):")
            lines.append("  " + pad("layer", 36) + "   forward  backward  share  fwd GFLOP/s")
            var layerSum = 0.0
            for (timer, macs) in zip(timers, layerMacs) {
                let f = timer.forwardSeconds / Double(steps), b = timer.backwardSeconds / Double(steps)
                layerSum += f + b
                let callsPerStep = Double(timer.forwardCalls) / Double(steps)
                let rate = macs > 0 && f > 0 ? String(format: "%11.1f", 2 * Double(macs * batch) * callsPerStep / f / 1e9) : ""
                lines.append("  " + pad(describe(timer.inner.spec), 36)
                             + String(format: " %9.2f %9.2f %5.1f%%", f * 1000, b * 1000, 100 * (f + b) / total) + "  " + rate)
            }
            lines.append(String(format: "  layers %.1f ms of %.1f ms per call (rest: losses, Adam, copies)",
                                layerSum * 1000, total * 1000))
        }
        let x = randomMaps(workload.geometry, batch: batch, seed: 3, squash: true)
        let z = randomMaps(workload.geometry, batch: batch, seed: 4, squash: false)
        let adam = Adam(parameters: flat.parameters.map(\.parameter), learningRate: 1e-4, beta1: 0.5, beta2: 0.999)
        let step = TrainingStep(network: flat, optimizer: adam, objective: .paper)
        step.run(x: x, z: z)
        timers.forEach { $0.reset() }
        var adamSeconds = 0.0
        let total = Stopwatch.time {
            for _ in 0..<repeats {
                _ = step.computeGradients(x: x, z: z)
                adamSeconds += Stopwatch.time { adam.update() }
            }
        }
        report("training step", batch: batch, steps: repeats, total: total / Double(repeats))
        lines.append(String(format: "  Adam update %.1f ms per step", adamSeconds / Double(repeats) * 1000))

        let folded = (network as? Sequential)?.foldedForInference()
        timers = (folded?.leaves ?? [network]).map(LayerTimer.init)
        let flatFolded = Sequential(timers)
        measureMacs()
        for inferenceBatch in [1, batch] {
            let input = randomMaps(workload.geometry, batch: inferenceBatch, seed: 5, squash: true)
            let output = FeatureMaps(), cache = LayerCache()
            flatFolded.forward(input, into: output, cache: cache, mode: .inference)
            timers.forEach { $0.reset() }
            let calls = inferenceBatch == 1 ? 50 * repeats : repeats
            let inferenceTotal = Stopwatch.time {
                for _ in 0..<calls { flatFolded.forward(input, into: output, cache: cache, mode: .inference) }
            }
            report("inference", batch: inferenceBatch, steps: calls, total: inferenceTotal / Double(calls))
        }
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func describe(_ spec: LayerSpec) -> String {
        switch spec {
        case let .conv2d(i, o, k, s, p, b): return "Conv2d \(i)→\(o) k\(k) s\(s) p\(p)\(b ? "" : " nobias")"
        case let .convTranspose2d(i, o, k, s, p, b): return "ConvT2d \(i)→\(o) k\(k) s\(s) p\(p)\(b ? "" : " nobias")"
        case let .batchNorm2d(c, _, _): return "BatchNorm2d \(c)"
        case .relu: return "ReLU"
        case .leakyReLU(let slope): return "LeakyReLU \(slope)"
        case .tanh: return "Tanh"
        case .dropout2d(let p): return "Dropout2d \(p)"
        case .sequential(let layers): return "Sequential(\(layers.count))"
        }
    }
}
