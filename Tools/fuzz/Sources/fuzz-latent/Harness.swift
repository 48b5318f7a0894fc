import IGN

/// Latent files: safetensors with one `latent` tensor and their metadata; what reads back
/// must write and read again to the same latent.
func fuzzOne(_ bytes: [UInt8]) -> CInt {
    guard let latent = try? Latent(fileBytes: bytes) else { return 0 }
    let again = try! Latent(fileBytes: latent.fileBytes())
    precondition(again == latent, "a latent does not survive writing and reading")
    return 0
}

// MARK: libFuzzer entry points (the same in every harness but for the module's name)

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM links an executable with `--defsym main=<module>_main`: run libFuzzer's driver.
@_cdecl("fuzz_latent_main")
func entryPoint(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc, arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(bytes(data, size)) }
}

/// libFuzzer's own main(), linked in too, refers to this symbol.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { fuzzOne(bytes(data, size)) }

func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return [UInt8](UnsafeBufferPointer(start: data, count: size))
}
