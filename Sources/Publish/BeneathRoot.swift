#if canImport(Glibc)
import Glibc
#endif

/// Files beneath a root folder, and only there: every folder below the root is opened with
/// `O_NOFOLLOW`, one component at a time from the root's own descriptor, so a symbolic link inside
/// the root is refused with its path instead of being followed, wherever it points. The root
/// itself may be a link (that is the administrator's choice of place).
public struct BeneathRoot: Sendable {
    public let root: String

    public init(_ root: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    /// Why a path beneath the root could not be opened.
    public struct Failure: Error, Sendable {
        /// The full path of the component that failed.
        public let path: String
        public let code: Int32
        /// The component is a symbolic link.
        public let isLink: Bool
    }

    /// An open folder beneath the root, and the name of the last component of the path asked for.
    public struct Folder: ~Copyable {
        public let descriptor: Int32
        public let leaf: String
        /// The folder's full path, for messages.
        public let path: String

        deinit { close(descriptor) }
    }

    /// Where `relative` is on this machine, for messages.
    public func full(_ relative: String) -> String { root.hasSuffix("/") ? root + relative : root + "/" + relative }

    /// Opens the folder that holds `relative` (a path with no `.`, `..` or empty component).
    /// Missing folders are made when `create` is set (0755); else a missing one gives `nil`.
    public func folder(holding relative: String, create: Bool) throws(Failure) -> Folder? {
        let components = relative.split(separator: "/")
        guard let leaf = components.last else { throw Failure(path: full(relative), code: EINVAL, isLink: false) }
        guard let descriptor = try walk(components.dropLast(), create: create) else { return nil }
        return Folder(descriptor: descriptor, leaf: String(leaf), path: full(components.dropLast().joined(separator: "/")))
    }

    /// Opens the folder `relative` itself (`""` is the root); `nil` when it is missing.
    public func directory(_ relative: String) throws(Failure) -> Int32? {
        try walk(relative.split(separator: "/")[...], create: false)
    }

    private func walk(_ components: ArraySlice<Substring>, create: Bool) throws(Failure) -> Int32? {
        var descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor < 0 && errno == ENOENT && create {
            try makeRoot()
            descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        guard descriptor >= 0 else {
            if errno == ENOENT && !create { return nil }
            throw Failure(path: root, code: errno, isLink: false)
        }
        var path = root
        // Below `/` every path is one the administrator wrote out in full (the DHCP files): their links are theirs.
        let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (root == "/" ? 0 : O_NOFOLLOW)
        for component in components {
            path += (path.hasSuffix("/") ? "" : "/") + component
            let name = String(component)
            var next = openat(descriptor, name, flags)
            if next < 0 && errno == ENOENT && create {
                if mkdirat(descriptor, name, 0o755) != 0 && errno != EEXIST {
                    let code = errno
                    close(descriptor)
                    throw Failure(path: path, code: code, isLink: false)
                }
                next = openat(descriptor, name, flags)
            }
            if next < 0 {
                let code = errno
                var info = stat()
                let isLink = (code == ELOOP || code == ENOTDIR) && fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0
                    && info.st_mode & S_IFMT == S_IFLNK
                close(descriptor)
                if (code == ENOENT || (code == ENOTDIR && !isLink)) && !create { return nil }
                throw Failure(path: path, code: code, isLink: isLink)
            }
            close(descriptor)
            descriptor = next
        }
        return descriptor
    }

    /// Makes the root and the folders above it, as `mkdir -p` does (above the root, links are followed).
    private func makeRoot() throws(Failure) {
        var path = root.hasPrefix("/") ? "" : "."
        for component in root.split(separator: "/") {
            path += "/" + component
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw Failure(path: path, code: errno, isLink: false) }
        }
    }

    /// Opens the file `relative` beneath the root with `flags` (`O_NOFOLLOW` and `O_CLOEXEC` are
    /// added): a link as the file itself is refused too. `nil` when it or a folder above is missing.
    public func openFile(_ relative: String, flags: Int32, mode: UInt32 = 0o644) throws(Failure) -> Int32? {
        guard let folder = try folder(holding: relative, create: flags & O_CREAT != 0) else { return nil }
        let descriptor = openat(folder.descriptor, folder.leaf, flags | O_NOFOLLOW | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw Failure(path: full(relative), code: errno, isLink: errno == ELOOP)
        }
        return descriptor
    }

    /// What `lstat` says of a file.
    public struct Status: Sendable {
        public let isRegularFile: Bool
        public let size: Int
    }

    /// `lstat` of `relative`, `nil` when it or a folder above is missing.
    public func status(of relative: String) throws(Failure) -> Status? {
        guard let folder = try folder(holding: relative, create: false) else { return nil }
        var info = stat()
        guard fstatat(folder.descriptor, folder.leaf, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw Failure(path: full(relative), code: errno, isLink: false)
        }
        return Status(isRegularFile: info.st_mode & S_IFMT == S_IFREG, size: Int(info.st_size))
    }
}
