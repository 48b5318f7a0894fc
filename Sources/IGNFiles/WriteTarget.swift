#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What writing to a path means, decided from what is there now.
///
/// `-o` must respect what it names: renaming a new file over `/dev/null`, over a FIFO a reader
/// waits on, or over a symbolic link would replace the device, starve the reader or break the
/// link. So a stream (a character device or FIFO) is written in place, and a symbolic link is
/// followed to the regular file it names, which is then replaced.
enum WriteTarget: Equatable {
    /// A character device or a FIFO, opened and written in place.
    case stream
    /// A regular file to create or replace atomically: the final target of any symbolic links
    /// (so the links stay), with the owner and mode of the file it replaces, if there is one.
    case file(path: String, replacing: ExistingFile?)

    /// The owner and permissions of a file being replaced, for the new file to keep.
    struct ExistingFile: Equatable {
        var mode: mode_t
        var owner: uid_t
        var group: gid_t
    }

    /// How deep a chain of symbolic links may be (Linux's own limit).
    static let maximumLinks = 40

    /// Looks at `path`.
    /// - Throws: `FileWriteError` for what cannot be written over (a directory, a socket, a block
    ///   device), a link loop, or a path that cannot be looked at.
    static func resolve(_ path: String) throws -> WriteTarget {
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFCHR, S_IFIFO: return .stream
            case S_IFREG: break
            case S_IFDIR: throw FileWriteError(reason: String(cString: strerror(EISDIR)))
            case S_IFSOCK: throw FileWriteError(reason: "is a socket, not a file")
            case S_IFBLK: throw FileWriteError(reason: "is a block device; refusing to write over it")
            default: throw FileWriteError(reason: "is not a regular file")
            }
        } else if errno != ENOENT {
            throw FileWriteError(reason: AtomicFileWriter.systemError())
        }
        // A regular file, or nothing yet (perhaps behind a dangling link, whose target is then created).
        let final = try finalTarget(of: path)
        var existing: ExistingFile?
        if lstat(final, &status) == 0 && status.st_mode & S_IFMT == S_IFREG {
            existing = ExistingFile(mode: status.st_mode & 0o7777, owner: status.st_uid, group: status.st_gid)
        }
        return .file(path: final, replacing: existing)
    }

    /// The path at the end of the chain of symbolic links that starts at `path` (`path` itself
    /// when it is not a link). Relative link targets are taken from the link's folder.
    static func finalTarget(of path: String) throws -> String {
        var current = path
        for _ in 0...maximumLinks {
            var status = stat()
            guard lstat(current, &status) == 0 else {
                if errno == ENOENT { return current }
                throw FileWriteError(reason: AtomicFileWriter.systemError())
            }
            guard status.st_mode & S_IFMT == S_IFLNK else { return current }
            try checkMayFollow(current, link: status)
            let target = try readLink(current)
            current = target.hasPrefix("/") ? target : folder(of: current) + target
        }
        throw FileWriteError(reason: String(cString: strerror(ELOOP)))
    }

    /// The folder part of a path, with its trailing '/', or "" for a bare name.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// The last component of a path.
    static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Refuses what Linux's `fs.protected_symlinks` refuses: following a link in a sticky
    /// world-writable folder (like /tmp) that neither we nor the folder's owner own. Following
    /// links ourselves bypasses the kernel's check, and without it anyone could plant
    /// `/tmp/out.png -> /etc/shadow` for root's `ign … -o /tmp/out.png`.
    private static func checkMayFollow(_ path: String, link: stat) throws {
        let parent = folder(of: path)
        var folderStatus = stat()
        guard stat(parent.isEmpty ? "." : parent, &folderStatus) == 0 else { return }
        let sticky: mode_t = 0o1000, worldWritable: mode_t = 0o002
        let shared = folderStatus.st_mode & sticky != 0 && folderStatus.st_mode & worldWritable != 0
        if shared && link.st_uid != geteuid() && link.st_uid != folderStatus.st_uid {
            throw FileWriteError(reason: "refusing to follow a symbolic link owned by another user in a shared folder")
        }
    }

    private static func readLink(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { throw FileWriteError(reason: AtomicFileWriter.systemError()) }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
