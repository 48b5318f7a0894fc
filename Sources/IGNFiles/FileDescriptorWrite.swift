#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed write(2), with its errno.
public struct DescriptorWriteError: Error, Equatable, CustomStringConvertible {
    /// The system's error number (EPIPE, ENOSPC, …).
    public let code: Int32
    public var description: String { String(cString: strerror(code)) }
}

/// Writes every byte to `descriptor`, retrying after EINTR and short writes: the one write
/// loop of the house (files, devices, FIFOs, stdout, stderr). Throws `DescriptorWriteError`.
public func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws {
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            throw DescriptorWriteError(code: errno)
        }
        offset += written
    }
}

/// `writeAll` for an array of bytes.
public func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws {
    try bytes.withUnsafeBytes { try writeAll($0, to: descriptor) }
}
