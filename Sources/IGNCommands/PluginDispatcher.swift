#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials
import IGNFiles

/// An executable `ign-NAME` found on PATH.
public struct Plugin: Equatable, Sendable {
    /// NAME, as typed after `ign`.
    public var name: String
    /// Full path of the executable.
    public var path: String
}

/// The git/cargo convention: `ign NAME ARGS…` runs `ign-NAME ARGS…` from PATH when NAME is not built in.
public enum PluginDispatcher {
    /// Prefix of plugin executables.
    public static let prefix = "ign-"

    /// Whether the first argument names something other than a built-in subcommand or an option.
    public static func isPluginCandidate(_ argument: String) -> Bool {
        guard !argument.isEmpty, !argument.hasPrefix("-") else { return false }
        let builtIn = Set(IGNCommand.builtInSubcommands.compactMap { $0.configuration.commandName } + ["help"])
        return !builtIn.contains(argument)
    }

    /// Whether NAME is safe to look up (no path separators or odd characters).
    static func isValidName(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { ($0.properties.isAlphabetic || $0.properties.numericType != nil) || "-_.".unicodeScalars.contains($0) }
            && !name.hasPrefix(".")
    }

    /// The first `ign-NAME` executable on `path` (a PATH value).
    public static func find(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> Plugin? {
        guard isValidName(name) else { return nil }
        for folder in searchFolders(path) {
            let candidate = PathName.joining(folder, prefix + name)
            if isExecutableFile(candidate) { return Plugin(name: name, path: candidate) }
        }
        return nil
    }

    /// Every plugin on PATH, first occurrence of each name, sorted by name.
    public static func plugins(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> [Plugin] {
        var found: [String: Plugin] = [:]
        for folder in searchFolders(path) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for file in names where file.hasPrefix(prefix) && file.count > prefix.count {
                let name = String(file.dropFirst(prefix.count))
                let full = PathName.joining(folder, file)
                if found[name] == nil, isValidName(name), isExecutableFile(full) {
                    found[name] = Plugin(name: name, path: full)
                }
            }
        }
        return found.values.sorted { $0.name < $1.name }
    }

    /// Replaces this process with the plugin; returns only if exec fails.
    public static func exec(_ plugin: Plugin, arguments: [String]) -> Int32 {
        fflush(nil)
        let argv = ([plugin.path] + arguments).map { strdup($0) } + [nil]
        execv(plugin.path, argv)
        let reason = String(cString: strerror(errno))
        Console.shared.error("cannot run plugin: \(reason)", subject: plugin.path)
        return errno == ENOENT ? 127 : 126
    }

    private static func searchFolders(_ path: String?) -> [String] {
        (path ?? "").split(separator: ":", omittingEmptySubsequences: false).map { $0.isEmpty ? "." : String($0) }
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }
}
