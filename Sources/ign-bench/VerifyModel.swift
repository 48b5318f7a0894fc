import Foundation
import IGN
import IGNNeural

/// `ign-bench verify-model MODEL EXPECTED`: runs a model file on the input stored in
/// EXPECTED (a safetensors file with "input" and "output.eval", optionally
/// "output.batch_statistics", all NCHW) and checks the outputs to a relative 1e-4.
/// Used by Tools/check-export.sh to compare with PyTorch.
enum VerifyModel {
    static func run(model modelPath: String, expected expectedPath: String, tolerance: Float) throws -> Bool {
        let model = try ModelFile(contentsOf: URL(fileURLWithPath: modelPath), ignoring: IGNFileKeys.isAddition)
        let expected = try SafeTensors(contentsOf: URL(fileURLWithPath: expectedPath))
        let input = FeatureMaps(nchw: try expected.tensor("input"))
        var passed = true
        for (key, mode) in [("output.eval", ForwardMode.inference),
                            ("output.batch_statistics", .inferenceWithBatchStatistics)] {
            guard expected.entry(key) != nil else { continue }
            let want = try expected.tensor(key)
            let output = FeatureMaps()
            model.network.forward(input, into: output, cache: LayerCache(), mode: mode)
            let got = output.nchw()
            guard got.shape == want.shape else {
                print("\(key): shape \(got.shape), expected \(want.shape): FAIL")
                passed = false
                continue
            }
            let scale = want.scalars.reduce(Float(0)) { max($0, abs($1)) }
            var maxError: Float = 0, worstRelative: Float = 0
            for (a, b) in zip(got.scalars, want.scalars) {
                let error = abs(a - b)
                maxError = max(maxError, error)
                worstRelative = max(worstRelative, error / max(abs(b), scale * 1e-2, 1e-12))
            }
            let ok = maxError <= tolerance * max(scale, 1e-12)
            passed = passed && ok
            print(String(format: "%@: %d values, max |error| %.3g (%.3g of max |output| %.3g; worst element-relative %.3g): %@",
                         key as NSString, got.count, maxError, maxError / max(scale, 1e-12), scale, worstRelative,
                         (ok ? "PASS" : "FAIL") as NSString))
        }
        return passed
    }
}
