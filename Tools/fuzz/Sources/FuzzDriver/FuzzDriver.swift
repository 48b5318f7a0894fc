/// The libFuzzer entry points every harness shares: a harness's executable entry point
/// hands its argument vector and its one-input function to `runLibFuzzer`, which runs
/// libFuzzer's driver over that function.

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                                 _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                                 _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The harness's function, set once by `runLibFuzzer` before libFuzzer calls anything.
nonisolated(unsafe) private var fuzzOne: ([UInt8]) -> CInt = { _ in 0 }

/// Runs libFuzzer's driver with `argc`/`argv` over `body`, one input's bytes at a time.
/// Each harness calls it from `@_cdecl("<module>_main")`: SwiftPM links an executable with
/// `--defsym main=<module>_main`.
public func runLibFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                         _ body: @escaping ([UInt8]) -> CInt) -> CInt {
    fuzzOne = body
    var count = argc, arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(bytes(data, size)) }
}

/// libFuzzer's own main(), linked in too, refers to this symbol.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { fuzzOne(bytes(data, size)) }

private func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return [UInt8](UnsafeBufferPointer(start: data, count: size))
}
