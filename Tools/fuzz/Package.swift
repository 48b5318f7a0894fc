// swift-tools-version:6.0
// libFuzzer harnesses for ign's parsers, in a package of their own so that a plain
// `swift build` / `swift test` of ign never sees them. Tools/fuzz.sh builds and runs them:
//
//   swift build --package-path Tools/fuzz --product fuzz-image \
//       -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xcc -fsanitize=fuzzer-no-link,address
//
// The flags reach ign's own targets too (the Swift modules and the C shim over libpng and
// libjpeg-turbo are instrumented; the system libraries are not). Each harness defines
// `LLVMFuzzerTestOneInput` and `<module>_main`, the entry point SwiftPM links an executable
// with, which hands over to libFuzzer's driver (FuzzDriver, shared by the harnesses).
import PackageDescription

let package = Package(
    name: "ign-fuzz",
    dependencies: [.package(name: "ign", path: "../..")],
    targets: [
        // Sniffing, Image.info and Image.decode: PNG, JPEG, PGM/PPM/PAM.
        .executableTarget(name: "fuzz-image", dependencies: ["FuzzDriver", .product(name: "IGN", package: "ign")]),
        // SafeTensors(data:) and IGNModel.load: header JSON, architecture, weights, statistics.
        .executableTarget(name: "fuzz-model", dependencies: ["FuzzDriver", .product(name: "IGN", package: "ign")]),
        // Latent(fileBytes:): the edit-latent file format.
        .executableTarget(name: "fuzz-latent", dependencies: ["FuzzDriver", .product(name: "IGN", package: "ign")]),
        // libFuzzer's driver and LLVMFuzzerTestOneInput, over a harness's one-input function.
        .target(name: "FuzzDriver"),
        // Writes the seed corpora (small valid files of every kind) into corpus/.
        .executableTarget(name: "fuzz-seeds", dependencies: [.product(name: "IGN", package: "ign")]),
    ]
)
