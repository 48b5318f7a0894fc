import FoundationEssentials
import IGNFiles
import IGNNeural

/// The folded inference networks of one model, by statistics-set name, built on first
/// request. Thread-safe: two commands' threads asking for the same set get the same network,
/// built once.
final class InferenceNetworkCache: @unchecked Sendable {
    private let lock = Lock()
    private var networks: [String: Sequential] = [:]

    /// The network cached under `name`, or the one `make` builds (then cached).
    func network(named name: String, make: () throws -> Sequential) rethrows -> Sequential {
        try lock.withLock {
            if let network = networks[name] { return network }
            let network = try make()
            networks[name] = network
            return network
        }
    }

    /// Forgets every cached network.
    func removeAll() { lock.withLock { networks.removeAll() } }
}
