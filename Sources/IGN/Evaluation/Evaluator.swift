import IGNNeural

/// Measures a model on held-out images (see `EvaluationReport`): reconstruction,
/// idempotence, and denoising next to the noisy input, a 3×3 median and the best
/// Gaussian blur. Noise is drawn from `seed`, so figures repeat exactly.
public struct Evaluator {
    public let model: IGNModel
    public let data: ImageDataset
    public var noiseSamples = 1000
    public var sigmas: [Double] = [0.1, 0.2, 0.4]
    public var blurSigmas: [Double] = [0.5, 0.7, 0.85, 1.0, 1.25, 1.5, 2.0]
    public var seed: UInt64 = 0
    /// Batch size of the passes (matters only for batch statistics).
    public var batchSize = 256
    /// Called after each measurement of `run` with (done, total), for progress reports.
    public var onProgress: ((Int, Int) -> Void)?

    public init(model: IGNModel, data: ImageDataset) {
        self.model = model
        self.data = data
    }

    /// Mean reconstruction PSNR f(x)↔x of the data.
    public func reconstruction(_ normalization: Normalization) throws -> Double {
        return meanPSNR(try apply(data.values, normalization: normalization), data.values)
    }

    /// A normalisation to evaluate: a statistics set by name, or batch statistics.
    public enum Normalization: Equatable, Sendable {
        case set(String)
        case batch

        var name: String {
            switch self {
            case .set(let name): return name
            case .batch: return "batch"
            }
        }
    }

    /// The name under which the statistics a model's network holds when no set is chosen
    /// (its running averages) are reported.
    public static let runningStatistics = "running"

    /// Runs every measurement; `compareNormalizations` adds the side-by-side table.
    public func run(compareNormalizations: Bool = false) throws -> EvaluationReport {
        func chosen(_ use: IGNModel.Use) -> Normalization {
            .set(model.statisticsSetName(for: use) ?? Evaluator.runningStatistics)
        }
        let (project, generate, denoise) = (chosen(.project), chosen(.generate), chosen(.denoise))
        let clean = data.values
        let sets = model.statisticsSets.isEmpty ? [Evaluator.runningStatistics] : model.statisticsSets.keys.sorted()
        let total = sigmas.count + 2 + (compareNormalizations ? sets.count + 1 : 0)
        var done = 0
        func finished() { done += 1; onProgress?(done, total) }
        var denoising: [EvaluationReport.Denoising] = []
        for (index, sigma) in sigmas.enumerated() {
            let noisy = addNoise(clean, sigma: sigma, seed: seed &+ UInt64(index))
            let projected = try apply(noisy, normalization: denoise)
            let (blur, blurSigma) = bestBlur(noisy, clean)
            denoising.append(.init(sigma: sigma, noisy: meanPSNR(noisy, clean), model: meanPSNR(projected, clean),
                                   median: meanPSNR(filter(noisy, ClassicalFilters.median3x3), clean),
                                   gaussian: blur, gaussianSigma: blurSigma))
            finished()
        }
        let reconstruction = meanPSNR(try apply(clean, normalization: project), clean)
        finished()
        let idempotenceFigure = try idempotence(generate, then: project)
        finished()
        var report = EvaluationReport(
            images: data.count, noiseSamples: noiseSamples,
            projectStatistics: project.name, generateStatistics: generate.name, denoiseStatistics: denoise.name,
            reconstruction: reconstruction, idempotence: idempotenceFigure, denoising: denoising, normalizations: nil)
        if compareNormalizations {
            let noisy = addNoise(clean, sigma: 0.4, seed: seed &+ 2)
            let options = sets.map(Normalization.set) + [.batch]
            report.normalizations = try options.map { option in
                defer { finished() }
                return .init(statistics: option.name,
                             reconstruction: meanPSNR(try apply(clean, normalization: option), clean),
                             denoising04: meanPSNR(try apply(noisy, normalization: option), clean),
                             idempotence: try idempotence(option, then: option))
            }
        }
        return report
    }

    /// f(f(z)) ↔ f(z) for `noiseSamples` draws of z.
    /// f(f(z)) ↔ f(z) for `noiseSamples` draws of z, the first f normalised as `first`,
    /// the second (on f's images) as `second`.
    private func idempotence(_ first: Normalization, then second: Normalization) throws -> Double {
        var generator = RandomGenerator(seed: seed ^ 0x1DE5)
        let z = model.sampleNoise(count: noiseSamples, generator: &generator)
        let values = (0..<noiseSamples).flatMap { ImageFitting.planar(z, index: $0) }
        let fz = try apply(values, normalization: first)
        return meanPSNR(try apply(fz, normalization: second), fz)
    }

    /// f over images stored `[count][C][H][W]`, in batches.
    func apply(_ values: [Float], normalization: Normalization) throws -> [Float] {
        let geometry = model.imageGeometry, size = geometry.count
        let mode: ForwardMode, network: Sequential?
        switch normalization {
        case .batch:
            (mode, network) = (.inferenceWithBatchStatistics, nil)
        case .set(let name):
            let running = name == Evaluator.runningStatistics && model.statisticsSets[name] == nil
            (mode, network) = (.inference, try model.inferenceNetwork(statisticsSet: running ? nil : name))
        }
        let set = ImageDataset(geometry: geometry, values: values, source: "")
        var output = [Float]()
        output.reserveCapacity(values.count)
        let batch = FeatureMaps()
        for range in Batching.ranges(count: set.count, maximum: batchSize) {
            set.fill(batch, indices: Array(range))
            let result = model.apply(batch, mode: mode, using: network)
            for n in 0..<range.count { output += ImageFitting.planar(result, index: n) }
        }
        precondition(output.count == values.count && values.count % size == 0)
        return output
    }

    /// clip(x + σ·N(0, 1), −1, 1).
    func addNoise(_ values: [Float], sigma: Double, seed: UInt64) -> [Float] {
        var generator = RandomGenerator(seed: seed)
        let noise = generator.normal(count: values.count, standardDeviation: Float(sigma))
        return zip(values, noise).map { min(1, max(-1, $0 + $1)) }
    }

    /// Mean over images of the per-image PSNR.
    func meanPSNR(_ a: [Float], _ b: [Float]) -> Double {
        let size = model.imageGeometry.count, count = a.count / size
        guard count > 0 else { return 0 }
        return a.withUnsafeBufferPointer { p in
            b.withUnsafeBufferPointer { q in
                (0..<count).reduce(0.0) { $0 + PSNR.of(p.baseAddress! + $1 * size, q.baseAddress! + $1 * size, count: size) }
            }
        } / Double(count)
    }

    /// A per-plane filter over every channel of every image.
    private func filter(_ values: [Float], _ f: ([Float], Int, Int) -> [Float]) -> [Float] {
        let g = model.imageGeometry, plane = g.height * g.width
        var output = values
        for start in stride(from: 0, to: values.count, by: plane) {
            output.replaceSubrange(start..<start + plane, with: f(Array(values[start..<start + plane]), g.width, g.height))
        }
        return output
    }

    private func bestBlur(_ noisy: [Float], _ clean: [Float]) -> (psnr: Double, sigma: Double) {
        blurSigmas.map { sigma in
            (meanPSNR(filter(noisy) { ClassicalFilters.gaussianBlur($0, width: $1, height: $2, sigma: sigma) }, clean), sigma)
        }.max { $0.0 < $1.0 }!
    }
}
