import FuzzDriver
import IGN

/// Latent files: safetensors with one `latent` tensor and their metadata; what reads back
/// must write and read again to the same latent.
func fuzzOne(_ bytes: [UInt8]) -> CInt {
    guard let latent = try? Latent(fileBytes: bytes) else { return 0 }
    let again = try! Latent(fileBytes: latent.fileBytes())
    precondition(again == latent, "a latent does not survive writing and reading")
    return 0
}

/// SwiftPM links an executable with `--defsym main=<module>_main`: run libFuzzer's driver.
@_cdecl("fuzz_latent_main")
func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzOne)
}
