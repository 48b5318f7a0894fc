import FoundationEssentials
import IGNNeural

/// Checkpoints: the model's file (weights, running statistics, noise, architecture) plus the
/// optimizer's moments as tensors, and in the metadata the configuration (JSON), step, Adam
/// step, elapsed seconds, the states of the trainer's and the dropout layers' generators, and
/// the data's source and size (keys in `IGNFileKeys`). Always F32, written atomically.
extension Trainer {
    /// Writes a checkpoint to `url` (atomically: a crash mid-write leaves the old one).
    public func saveCheckpoint(to url: URL) throws {
        var file = model.modelFile()
        for ((name, parameter), index) in zip(model.network.parameters, optimizer.parameters.indices) {
            file.extraTensors.append((IGNFileKeys.adamFirstMoment(name),
                                      Tensor(shape: parameter.shape, scalars: optimizer.firstMoments[index])))
            file.extraTensors.append((IGNFileKeys.adamSecondMoment(name),
                                      Tensor(shape: parameter.shape, scalars: optimizer.secondMoments[index])))
        }
        func record(_ name: String, _ value: String) { file.metadata[IGNFileKeys.checkpoint(name)] = value }
        record("configuration", String(decoding: try Trainer.sortedJSON.encode(configuration), as: UTF8.self))
        record("step", String(step))
        record("adam_step", String(optimizer.step))
        record("elapsed", String(elapsed))
        record("generator", generator.stateWords.map(String.init).joined(separator: " "))
        record("dropout_generators", dropoutLayers
            .map { $0.generator.stateWords.map(String.init).joined(separator: " ") }.joined(separator: ","))
        record("data", training.source)
        record("data_count", String(training.count + heldOut.count))
        try file.write(to: url, dtype: .f32)
    }

    /// The image shape of a checkpoint's model (to load its data before resuming).
    public static func checkpointImageGeometry(at url: URL) throws -> Geometry {
        do { return try IGNModel.load(SafeTensors(contentsOf: url)).imageGeometry } catch {
            throw TrainingError.checkpoint("\(url.path): \(error)")
        }
    }

    /// Continues a run from a checkpoint, on the same data it was started with.
    public static func resume(from url: URL, data: ImageDataset) throws -> Trainer {
        let file: SafeTensors
        do { file = try SafeTensors(contentsOf: url) } catch {
            throw TrainingError.checkpoint("\(url.path): \(error)")
        }
        let metadata = file.metadata
        func value(_ name: String) throws -> String {
            let key = IGNFileKeys.checkpoint(name)
            guard let v = metadata[key] else { throw TrainingError.checkpoint("\(url.path): no \(key)") }
            return v
        }
        let configuration: TrainingConfiguration
        do {
            configuration = try JSONDecoder().decode(TrainingConfiguration.self, from: Data(try value("configuration").utf8))
        } catch let error as TrainingError { throw error } catch {
            throw TrainingError.checkpoint("\(url.path): unreadable configuration")
        }
        guard let step = Int(try value("step")), step >= 0,
              let adamStep = Int(try value("adam_step")), adamStep >= 0,
              let elapsed = Double(try value("elapsed")), elapsed.isFinite, elapsed >= 0,
              let dataCount = Int(try value("data_count")) else {
            throw TrainingError.checkpoint("\(url.path): malformed counters")
        }
        let words = try value("generator").split(separator: " ").compactMap { UInt64($0) }
        guard words.count == 4 else { throw TrainingError.checkpoint("\(url.path): malformed generator state") }
        let model: IGNModel
        do { model = try IGNModel.load(file) } catch {
            throw TrainingError.checkpoint("\(url.path): \(error)")
        }
        guard dataCount == data.count, data.geometry == model.imageGeometry else {
            throw TrainingError.checkpoint("\(url.path) was trained on \(dataCount) images of \(model.imageGeometry); \(data.source) has \(data.count) of \(data.geometry)")
        }
        let (training, heldOut) = split(data, configuration)
        let trainer = try Trainer(configuration: configuration, model: model, training: training,
                                  heldOut: heldOut, generator: RandomGenerator(stateWords: words))
        var first: [[Float]] = [], second: [[Float]] = []
        for (name, parameter) in model.network.parameters {
            do {
                let m = try file.tensor(IGNFileKeys.adamFirstMoment(name))
                let v = try file.tensor(IGNFileKeys.adamSecondMoment(name))
                guard m.count == parameter.count, v.count == parameter.count else {
                    throw TrainingError.checkpoint("\(url.path): optimizer state for \(name) has the wrong size")
                }
                first.append(m.scalars)
                second.append(v.scalars)
            } catch let error as TrainingError { throw error } catch {
                throw TrainingError.checkpoint("\(url.path): optimizer state for \(name): \(error)")
            }
        }
        try trainer.optimizer.restore(step: adamStep, firstMoments: first, secondMoments: second)
        let dropoutStates = (metadata[IGNFileKeys.checkpoint("dropout_generators")] ?? "").split(separator: ",")
            .map { $0.split(separator: " ").compactMap { UInt64($0) } }
        guard dropoutStates.count == trainer.dropoutLayers.count, dropoutStates.allSatisfy({ $0.count == 4 }) else {
            throw TrainingError.checkpoint("\(url.path): dropout generator states do not match the network")
        }
        for (layer, words) in zip(trainer.dropoutLayers, dropoutStates) { layer.generator = RandomGenerator(stateWords: words) }
        trainer.step = step
        trainer.elapsed = elapsed
        return trainer
    }
}
