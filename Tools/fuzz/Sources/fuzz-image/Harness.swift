import FuzzDriver
import IGNImage

/// Sniffing, header reading and full decoding of PNG, JPEG and Netpbm bytes, under limits
/// small enough that every input decodes in milliseconds.
func fuzzOne(_ bytes: [UInt8]) -> CInt {
    let limits = DecodeLimits(maxPixels: 1 << 20, maxScans: 100, maxMemory: 32 << 20)
    let info = try? Image.info(bytes, limits: limits)
    if let decoded = try? Image.decode(bytes, limits: limits) {
        // What the header said must be what decoding gave.
        precondition(info != nil && info!.width == decoded.image.width && info!.height == decoded.image.height
                     && info!.colorModel == decoded.image.colorModel, "info disagrees with decode")
        precondition(decoded.image.samples.count == decoded.image.pixelCount * decoded.image.colorModel.channelCount)
    }
    return 0
}

/// SwiftPM links an executable with `--defsym main=<module>_main`: run libFuzzer's driver.
@_cdecl("fuzz_image_main")
func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzOne)
}
