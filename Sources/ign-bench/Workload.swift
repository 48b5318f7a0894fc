import IGN
import IGNNeural

/// One reference layout to benchmark: its network and the arithmetic one image costs.
struct Workload {
    let name: String
    let architecture: Architecture
    let geometry: Geometry
    /// Multiply-accumulates of one image's forward pass through every convolution.
    let macsPerImage: Int
    let parameterCount: Int

    init(_ architecture: Architecture) {
        self.architecture = architecture
        name = architecture.rawValue
        geometry = architecture.imageGeometry
        let network = architecture.network().makeLayer()
        parameterCount = network.parameters.reduce(0) { $0 + $1.parameter.count }
        macsPerImage = Workload.macs(of: network, input: geometry)
    }

    /// A freshly initialised network (DCGAN initialisation, fixed seed).
    func makeNetwork() -> Layer {
        let network = architecture.network().makeLayer()
        var generator = RandomGenerator(seed: 1)
        Initialization.dcgan(network, generator: &generator)
        return network
    }

    /// Forward-pass floating-point operations (2 per multiply-accumulate) for `batch` images.
    func forwardFlops(batch: Int) -> Double { 2 * Double(macsPerImage) * Double(batch) }

    /// Nominal operations of one IGN training step, as the paper's training routine runs
    /// them (arXiv 2311.01462, Algorithm 1; `Tools/pytorch_reference.py`): 4 forward passes
    /// (f(x), f(z), f(f(z)), f_copy(f(z))), 3 backward passes into weights and input
    /// (2 forward-equivalents each) and 1 into the input only: 11 forward-equivalents.
    func trainingFlops(batch: Int) -> Double { 11 * forwardFlops(batch: batch) }

    static func macs(of network: Layer, input: Geometry) -> Int {
        let leaves = (network as? Sequential)?.leaves ?? [network]
        var geometry = input, total = 0
        for layer in leaves {
            let output = try! layer.outputGeometry(for: geometry)
            if let conv = layer as? Conv2d {
                total += output.height * output.width * conv.outputChannels * conv.inputChannels
                    * conv.window.kernel * conv.window.kernel
            } else if let conv = layer as? ConvTranspose2d {
                total += geometry.height * geometry.width * conv.outputChannels * conv.inputChannels
                    * conv.window.kernel * conv.window.kernel
            }
            geometry = output
        }
        return total
    }
}
