import Foundation
import IGNLayers
import IGNSafeTensors
import XCTest

/// Opens a committed fixture file (written by Fixtures/make_fixtures.py).
func fixture(_ name: String) throws -> SafeTensors {
    let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "safetensors",
                                              subdirectory: "Fixtures"),
                            "fixture \(name).safetensors is not in the test bundle")
    return try SafeTensors(contentsOf: url)
}

/// A fixture case's hyper-parameters (JSON in the file's metadata).
func caseParameters(_ file: SafeTensors, _ name: String) throws -> [String: Any] {
    let json = try XCTUnwrap(file.metadata[name], "no metadata for \(name)")
    return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
}

extension Layer {
    /// Sets every parameter (and state buffer) by key from a fixture file, ignoring other keys.
    func setWeights(from file: SafeTensors, prefix: String) throws {
        for (name, parameter) in parameters {
            parameter.value = try file.tensor(prefix + name).scalars
        }
        for (name, buffer) in stateBuffers {
            buffer.value = try file.tensor(prefix + name).scalars
        }
    }
}
