import Foundation
import FuzzDriver
import IGN
import IGNNeural

/// Safetensors parsing and model loading (architecture JSON, weights, statistics sets,
/// noise statistics, the sanity checks). A model that loads is also run once on a zero
/// image, so geometry a loader let through cannot crash inference.
func fuzzOne(_ bytes: [UInt8]) -> CInt {
    guard let file = try? SafeTensors(data: Data(bytes)) else { return 0 }
    for entry in file.entries { _ = try? file.tensor(entry.name) }
    guard let model = try? IGNModel.load(file) else { return 0 }
    if model.imageGeometry.count <= 1 << 16, model.parameterCount <= 1 << 20 {
        let input = FeatureMaps(channels: model.imageGeometry.channels, batch: 1,
                                height: model.imageGeometry.height, width: model.imageGeometry.width)
        input.zero()
        _ = try? model.apply(input, using: model.inferenceNetwork(for: .project))
    }
    return 0
}

/// SwiftPM links an executable with `--defsym main=<module>_main`: run libFuzzer's driver.
@_cdecl("fuzz_model_main")
func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzOne)
}
