/// Path names taken apart and joined as text, the way `NSString`'s path methods do for the
/// names `ign` sees (without linking Foundation).
public enum PathName {
    /// The last component: "a/b.png" → "b.png", "a/b/" → "b", "/" → "/".
    public static func lastComponent(_ path: String) -> String {
        let trimmed = withoutTrailingSlashes(path)
        if trimmed == "/" { return "/" }
        return String(trimmed.split(separator: "/", omittingEmptySubsequences: true).last ?? "")
    }

    /// The extension of the last component without its dot: "a/b.tar.gz" → "gz"; "" for
    /// none, for a name that only starts with a dot (".profile") and for a trailing dot.
    public static func fileExtension(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// `path` without the extension of its last component (and its dot): "a/b.png" → "a/b",
    /// "file." → "file".
    public static func deletingExtension(_ path: String) -> String {
        let trimmed = withoutTrailingSlashes(path)
        let name = lastComponent(String(trimmed))
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
              !name.allSatisfy({ $0 == "." }) else { return String(trimmed) }
        return String(trimmed.dropLast(name.distance(from: dot, to: name.endIndex)))
    }

    /// The folder part of a path without its last '/' ("" for a bare name, "/" for the root):
    /// "a/b.png" → "a", "/b.png" → "/". (Not `NSString.deletingLastPathComponent`, which
    /// crashed on one-character names in swift-corelibs-foundation 6.3.)
    public static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` without the slashes it ends with, "/" itself kept.
    private static func withoutTrailingSlashes(_ path: String) -> Substring {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        return trimmed
    }

    /// `folder` and `name` joined by one slash: ("out/", "a.png") → "out/a.png".
    public static func joining(_ folder: String, _ name: String) -> String {
        if folder.isEmpty { return name }
        if name.isEmpty { return folder }
        let left = folder.hasSuffix("/") && folder.count > 1 ? String(folder.dropLast()) : folder
        let right = name.hasPrefix("/") ? String(name.dropFirst()) : name
        return left == "/" ? "/" + right : left + "/" + right
    }
}
