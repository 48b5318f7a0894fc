// swift-tools-version:6.0
// The `ign` package: Idempotent Generative Networks on the command line.
//
// Layers, from the bottom up (arrows never point up):
//   CBLAS, CLibPNG, CLibJPEG   system libraries found with pkg-config
//   CImageCodecs               C shim: every setjmp/longjmp of libpng and libjpeg lives here
//   CBLASStartup               keeps OpenBLAS from starting worker threads ign never uses (C, before main)
//   CKernels                   C kernels chosen at run time (AVX2/FMA, AVX-512): packed narrow products, Winograd tile transforms
//   IGNFiles                   atomic file writes (temporary file, fsync, rename) and their cleanup
//   IGNImage                   the image type, PNG/JPEG/Netpbm codecs, resizing, colour conversion
//   IGNCompute                 the engine's runtime: worker threads, buffers, BLAS and packed products, im2col, Winograd
//   IGNLayers                  tensors, feature maps, layers (forward and backward), Adam, distances
//   IGNSafeTensors             safetensors files, weights by state_dict key, model files (architecture + weights)
//   IGNNeural                  the three above under one import (re-exports only)
//   CBundledModel              the default model file, embedded in the executable
//   IGN                        the IGN model, source noise, trainer, evaluation, applications
//   IGNCommands                one file per subcommand and the shared pipeline rules
//   ign, ign-bench             thin executables
// Tests mirror the targets; IGNTestSupport holds the helpers several test targets share.
import PackageDescription

// Numeric kernels hand raw pointers to worker threads, which Swift 6's strict
// concurrency checking cannot see as safe; those targets use the Swift 5 language mode.
let numeric: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
    .swiftLanguageMode(.v5),
]

let package = Package(
    name: "ign",
    platforms: [.macOS(.v15)],  // Synchronization (Atomic, Mutex) for the worker pool; Linux is the target
    products: [
        .executable(name: "ign", targets: ["ign"]),
        .executable(name: "ign-bench", targets: ["ign-bench"]),
        .library(name: "IGN", targets: ["IGN"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLibPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CLibJPEG", pkgConfig: "libjpeg",
                       providers: [.apt(["libjpeg62-turbo-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CImageCodecs", dependencies: ["CLibPNG", "CLibJPEG"]),
        .target(name: "CKernels"),
        .target(name: "CBLASStartup", dependencies: ["CBLAS", "CKernels"]),
        .target(name: "CBundledModel", exclude: ["include/fashion-mnist.safetensors", "include/emoji.safetensors"]),
        .target(name: "IGNImage", dependencies: ["CImageCodecs"]),
        .target(name: "IGNFiles"),
        .target(name: "IGNCompute", dependencies: ["CBLAS", "CKernels"], swiftSettings: numeric),
        .target(name: "IGNLayers", dependencies: ["IGNCompute"], swiftSettings: numeric),
        .target(name: "IGNSafeTensors", dependencies: ["IGNLayers", "IGNFiles"], swiftSettings: numeric),
        .target(name: "IGNNeural", dependencies: ["IGNCompute", "IGNLayers", "IGNSafeTensors"]),
        .target(name: "IGN", dependencies: ["IGNNeural", "IGNImage", "IGNFiles", "CZlib", "CBundledModel"],
                swiftSettings: numeric),
        .target(name: "IGNCommands", dependencies: [
            "IGN", "IGNImage", "IGNNeural", "IGNFiles",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // CBLASStartup's pre-main hook narrows the whole process: it belongs to the executables,
        // not to every client of the libraries.
        .executableTarget(name: "ign", dependencies: ["IGNCommands", "CBLASStartup"]),
        .executableTarget(name: "ign-bench", dependencies: ["IGN", "IGNNeural", "CBLASStartup"], swiftSettings: numeric),
        .testTarget(name: "IGNImageTests", dependencies: ["IGNImage", "CLibJPEG"], resources: [.copy("Fixtures")]),
        // Helpers shared by the engine's and the model's tests (assertions, one layer pass,
        // a tiny IGN and its data); a plain target, as swift-argument-parser keeps its test helpers.
        .target(name: "IGNTestSupport", dependencies: ["IGN", "IGNNeural"], path: "Tests/IGNTestSupport"),
        .testTarget(name: "IGNComputeTests", dependencies: ["IGNCompute", "IGNLayers", "CBLASStartup", "CKernels"]),
        .testTarget(name: "IGNLayersTests", dependencies: ["IGNLayers", "IGNCompute", "IGNSafeTensors", "IGNTestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "IGNSafeTensorsTests", dependencies: ["IGNSafeTensors", "IGNLayers", "IGNTestSupport"]),
        .testTarget(name: "IGNTests", dependencies: ["IGN", "IGNTestSupport"]),
        .testTarget(name: "IGNFilesTests", dependencies: ["IGNFiles"]),
        .testTarget(name: "IGNCommandsTests", dependencies: ["IGNCommands"]),
    ]
)
