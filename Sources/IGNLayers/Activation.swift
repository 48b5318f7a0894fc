import IGNCompute

/// A pointwise non-linearity: ReLU, LeakyReLU or Tanh.
///
/// Each backward pass needs only the layer's output (the sign of a LeakyReLU's output is
/// the sign of its input because the slope is positive).
public final class Activation: Layer {
    /// The function applied to every value.
    public enum Function: Equatable, Sendable {
        case relu
        case leakyReLU(slope: Float)
        case tanh
    }

    public let function: Function

    public init(_ function: Function) {
        if case .leakyReLU(let slope) = function { precondition(slope > 0, "LeakyReLU slope must be positive") }
        self.function = function
    }

    public var spec: LayerSpec {
        switch function {
        case .relu: return .relu
        case .leakyReLU(let slope): return .leakyReLU(slope: slope)
        case .tanh: return .tanh
        }
    }

    public func outputGeometry(for input: Geometry) throws -> Geometry { input }

    public func forward(_ input: FeatureMaps, into output: FeatureMaps, cache: LayerCache,
                        mode: ForwardMode) {
        output.resize(like: input)
        Activation.apply(function, input.pointer, output.pointer, count: input.count)
    }

    /// Applies `function` to `count` values (`source` may equal `target`).
    public static func apply(_ function: Function, _ source: UnsafePointer<Float>,
                             _ target: UnsafeMutablePointer<Float>, count: Int) {
        let chunk = 16_384
        Parallel.forEach((count + chunk - 1) / chunk, valuesPerIteration: chunk) { block in
            let range = block * chunk..<min(count, (block + 1) * chunk)
            switch function {
            case .relu:
                for i in range { target[i] = max(source[i], 0) }
            case .leakyReLU(let slope):
                for i in range { let x = source[i]; target[i] = x > 0 ? x : x * slope }
            case .tanh:
                for i in range { target[i] = Float.tanh(source[i]) }
            }
        }
    }

    public func backward(input: FeatureMaps, output: FeatureMaps, gradOutput: FeatureMaps,
                         gradInput: FeatureMaps?, cache: LayerCache, parameterGradients: Bool) {
        guard let gradInput else { return }
        gradInput.resize(like: input)
        let y = output.pointer, dy = gradOutput.pointer, dx = gradInput.pointer
        let count = input.count
        let chunk = 16_384
        let function = self.function
        Parallel.forEach((count + chunk - 1) / chunk, valuesPerIteration: chunk) { block in
            let start = block * chunk, end = min(count, (block + 1) * chunk)
            switch function {
            case .relu: Activation.reluBackward(y + start, dy + start, dx + start, end - start)
            case .leakyReLU(let slope):
                Activation.leakyBackward(y + start, dy + start, dx + start, end - start, slope)
            case .tanh: Activation.tanhBackward(y + start, dy + start, dx + start, end - start)
            }
        }
    }

    // Branch-free loops the compiler vectorises.
    private static func reluBackward(_ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                                     _ dx: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { dx[i] = y[i] > 0 ? dy[i] : Float(0) * dy[i] }
    }

    private static func leakyBackward(_ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                                      _ dx: UnsafeMutablePointer<Float>, _ n: Int, _ slope: Float) {
        for i in 0..<n { dx[i] = dy[i] * (y[i] > 0 ? 1 : slope) }
    }

    private static func tanhBackward(_ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>,
                                     _ dx: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n { dx[i] = dy[i] * (1 - y[i] * y[i]) }
    }
}

extension Float {
    /// The hyperbolic tangent (libm's `tanhf`).
    @inline(__always)
    public static func tanh(_ x: Float) -> Float {
        #if canImport(Glibc)
        return Glibc.tanhf(x)
        #else
        return Foundation.tanh(x)
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#else
import FoundationEssentials
#endif
