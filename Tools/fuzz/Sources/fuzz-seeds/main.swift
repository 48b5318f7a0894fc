import Foundation
import IGN
import IGNImage
import IGNNeural

// Writes the seed corpora of the harnesses: small valid files of every kind each parser
// reads, so that fuzzing starts from the formats' real structure. Run by
// Tools/fuzz/make-seeds.sh (which adds the JPEG and PNG layouts ImageMagick makes);
// the result is committed under Tools/fuzz/corpus/.
let root = URL(fileURLWithPath: CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "corpus")
func write(_ bytes: [UInt8], _ folder: String, _ name: String) throws {
    let directory = root.appendingPathComponent(folder)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try Data(bytes).write(to: directory.appendingPathComponent(name))
}

// Images: a 7×5 pattern in every colour model, as PNG 8/16-bit, JPEG, PGM/PPM/PAM 8/16-bit.
var pattern: [UInt16] = []
for y in 0..<5 { for x in 0..<7 { for c in 0..<4 { pattern.append(UInt16((x * 9000 + y * 13000 + c * 20000) % 65536)) } } }
let rgba = try Image(width: 7, height: 5, colorModel: .rgba, bitDepth: 16, samples: pattern)
for model in ColorModel.allCases {
    let image = rgba.converted(to: model)
    try write(image.encoded(EncodeOptions(format: .png)), "image", "\(model)-8.png".replacingOccurrences(of: "+", with: "-"))
    try write(image.encoded(EncodeOptions(format: .png, bitDepth: 16)), "image", "\(model)-16.png".replacingOccurrences(of: "+", with: "-"))
    try write(image.encoded(EncodeOptions(format: .pnm, netpbmVariant: .pam)), "image", "\(model)-8.pam".replacingOccurrences(of: "+", with: "-"))
}
try write(rgba.encoded(EncodeOptions(format: .pnm, bitDepth: 16, netpbmVariant: .pam)), "image", "rgba-16.pam")
try write(rgba.encoded(EncodeOptions(format: .pnm, netpbmVariant: .pgm)), "image", "gray.pgm")
try write(rgba.encoded(EncodeOptions(format: .pnm, bitDepth: 16, netpbmVariant: .ppm)), "image", "rgb-16.ppm")
try write(rgba.encoded(EncodeOptions(format: .jpeg, quality: 80)), "image", "rgb.jpg")
try write(rgba.converted(to: .gray).encoded(EncodeOptions(format: .jpeg, quality: 80)), "image", "gray.jpg")

// Models: the two reference layouts at tiny widths, with statistics sets, frequency noise
// and F16 weights, so every part of the file format is present in some seed.
var generator = RandomGenerator(seed: 1)
let small = try IGNModel(architecture: .mnist28, width: 0.02, generator: &generator)
try write([UInt8](small.fileContentsData(dtype: .f32)), "model", "mnist28-gaussian.safetensors")
small.statisticsSets["images"] = NormalizationStatistics(current: small.network)
small.statisticsSets["noise"] = NormalizationStatistics(current: small.network)
small.statisticsChoice[.project] = "images"
small.statisticsChoice[.generate] = "noise"
let geometry = small.imageGeometry
let ones = [Float](repeating: 1, count: geometry.count), zeros = [Float](repeating: 0, count: geometry.count)
small.noise = .frequency(FrequencyStatistics(geometry: geometry, realMean: zeros, realDeviation: ones,
                                             imaginaryMean: zeros, imaginaryDeviation: ones))
try write([UInt8](small.fileContentsData(dtype: .f16)), "model", "mnist28-statistics-frequency-f16.safetensors")
let colour = try IGNModel(architecture: .celeba64, width: 0.01, generator: &generator)
try write([UInt8](colour.fileContentsData(dtype: .bf16)), "model", "celeba64-bf16.safetensors")

// Latents: both spaces, from an image and from noise.
for space in Latent.Space.allCases {
    let editor = try LatentEditor(model: small, space: space)
    try write(editor.encode(rgba).fileBytes(), "latent", "\(space)-image.safetensors")
    try write(editor.sample(seed: 3).fileBytes(), "latent", "\(space)-noise.safetensors")
}

extension IGNModel {
    /// The model file's bytes, as `write(to:dtype:)` would write them.
    func fileContentsData(dtype: SafeTensorsDType) throws -> Data {
        try modelFile().encoded(dtype: dtype)
    }
}
