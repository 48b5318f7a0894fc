/// Which algorithm a convolution layer with a 3×3 stride-1 or 4×4 stride-2 kernel uses
/// (other kernels always use im2col).
public enum ConvolutionAlgorithm: Sendable {
    /// Winograd (`WinogradCorrelation`) when the batch has enough tiles for it to pay,
    /// im2col otherwise.
    case automatic
    /// Always im2col and one matrix product (the reference arithmetic).
    case direct
    /// Winograd whenever the kernel allows it.
    case winograd
}
