#if canImport(Glibc)
import Glibc
#endif
public import SystemPackage

/// Files beneath a root folder, and only there: every folder below the root is opened with
/// `O_NOFOLLOW`, one component at a time from the root's own descriptor, so a symbolic link inside
/// the root is refused with its path instead of being followed, wherever it points. The root
/// itself may be a link (that is the administrator's choice of place); below `/`, links are
/// followed, as every path there is one the administrator wrote out in full.
///
/// Writes go to a hidden temporary name in the same folder (`TemporaryName`) and are renamed over
/// the final name, so a crash leaves each file old or new, never half written. Paths are relative
/// to the root, with no `.`, `..` or empty component (the callers' planners make sure of that).
public struct BeneathRoot: Sendable {
    public let root: String

    public init(_ root: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    /// Where `relative` is on this machine, for messages.
    public func full(_ relative: String) -> String { root.hasSuffix("/") ? root + relative : root + "/" + relative }

    // MARK: reading

    /// What `lstat` says of a file.
    public struct Status: Sendable {
        public let isRegularFile: Bool
        public let size: Int
        /// The owner's user ID and the permission bits.
        public let owner: UInt32
        public let permissions: UInt32
    }

    /// `lstat` of `relative`, `nil` when it or a folder above is missing.
    public func status(of relative: String) throws(FileError) -> Status? {
        guard let folder = try folder(holding: relative, create: false, for: "inspect") else { return nil }
        var info = stat()
        guard fstatat(folder.descriptor, folder.leaf, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw FileError("inspect", full(relative), Errno(rawValue: errno))
        }
        return Status(isRegularFile: info.st_mode & S_IFMT == S_IFREG, size: Int(info.st_size), owner: info.st_uid, permissions: info.st_mode & 0o7777)
    }

    /// The whole file; `nil` when it or a folder above is missing.
    public func read(_ relative: String) throws(FileError) -> [UInt8]? {
        guard let file = try open(relative) else { return nil }
        return try file.readAll()
    }

    /// Up to `count` bytes from `offset` (fewer at the end); `nil` when the file is missing.
    public func read(_ relative: String, offset: Int, count: Int) throws(FileError) -> [UInt8]? {
        guard let file = try open(relative) else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        let done = try bytes.withUnsafeMutableBytes { buffer in Result { () throws(FileError) in try file.read(at: offset, into: buffer) } }.get()
        return Array(bytes[..<done])
    }

    /// The regular file `relative`, open for reading; `nil` when it or a folder above is missing.
    public func open(_ relative: String) throws(FileError) -> OpenFile? {
        guard let descriptor = try openFile(relative, flags: O_RDONLY, for: "read") else { return nil }
        return OpenFile(FileDescriptor(rawValue: descriptor), path: full(relative))
    }

    /// The names in the folder `relative` (`""` is the root), without `.` and `..`; `nil` when it is missing.
    public func list(_ relative: String) throws(FileError) -> [String]? {
        guard let descriptor = try walk(relative.split(separator: "/")[...], create: false, for: "list") else { return nil }
        guard let directory = fdopendir(descriptor) else {
            let code = errno
            close(descriptor)
            throw FileError("list", full(relative), Errno(rawValue: code))
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    // MARK: writing

    /// Writes `content` as `relative` (mode `permissions`), making the folders above (0755).
    /// `replacing: false` keeps a file already there and returns `false`: the first writer wins.
    @discardableResult
    public func write(_ relative: String, content: [UInt8], permissions: UInt32 = 0o644, replacing: Bool = true) throws(FileError) -> Bool {
        guard let folder = try folder(holding: relative, create: true, for: "create folders for") else {
            throw FileError("create", full(relative), .noSuchFileOrDirectory)
        }
        var existing = stat()
        if !replacing && fstatat(folder.descriptor, folder.leaf, &existing, AT_SYMLINK_NOFOLLOW) == 0 { return false }
        let temporary = TemporaryName.next(for: folder.leaf)
        let shown = folder.path + "/" + temporary
        let fd = openat(folder.descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(permissions))
        guard fd >= 0 else { throw FileError("create", shown, Errno(rawValue: errno)) }
        let file = FileDescriptor(rawValue: fd)
        do {
            _ = try file.writeAll(content)
            guard fchmod(fd, mode_t(permissions)) == 0 else { throw Errno(rawValue: errno) }
            if !replacing { try file.synchronize() }
            try file.close()
        } catch {
            try? file.close()
            unlinkat(folder.descriptor, temporary, 0)
            throw FileError("write", shown, error as? Errno ?? .ioError)
        }
        defer { if !replacing { unlinkat(folder.descriptor, temporary, 0) } }
        if replacing {
            guard renameat(folder.descriptor, temporary, folder.descriptor, folder.leaf) == 0 else {
                let code = errno
                unlinkat(folder.descriptor, temporary, 0)
                throw FileError("rename into place", full(relative), Errno(rawValue: code))
            }
            return true
        }
        guard linkat(folder.descriptor, temporary, folder.descriptor, folder.leaf, 0) == 0 else {
            if errno == EEXIST { return false }
            throw FileError("create", full(relative), Errno(rawValue: errno))
        }
        return true
    }

    /// Opens `relative` for writing from `offset` on (cut there; created, with its folders, when
    /// missing), for a long upload that resumes.
    public func openForAppending(_ relative: String, at offset: Int) throws(FileError) -> FileDescriptor {
        guard let fd = try openFile(relative, flags: O_WRONLY | O_CREAT | (offset == 0 ? O_TRUNC : 0), for: "create") else {
            throw FileError("create", full(relative), .noSuchFileOrDirectory)
        }
        guard ftruncate(fd, off_t(offset)) == 0, lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else {
            let code = errno
            close(fd)
            throw FileError("resume", full(relative), Errno(rawValue: code))
        }
        return FileDescriptor(rawValue: fd)
    }

    public func rename(_ source: String, to destination: String) throws(FileError) {
        guard let from = try folder(holding: source, create: false, for: "rename"),
              let to = try folder(holding: destination, create: true, for: "rename into place") else {
            throw FileError("rename", full(source), .noSuchFileOrDirectory)
        }
        guard renameat(from.descriptor, from.leaf, to.descriptor, to.leaf) == 0 else {
            throw FileError("rename into place", full(destination), Errno(rawValue: errno))
        }
    }

    /// Removes the file `relative`; nothing to do when it is missing.
    public func remove(_ relative: String) throws(FileError) {
        guard let folder = try folder(holding: relative, create: false, for: "remove") else { return }
        guard unlinkat(folder.descriptor, folder.leaf, 0) == 0 || errno == ENOENT else {
            throw FileError("remove", full(relative), Errno(rawValue: errno))
        }
    }

    // MARK: the walk

    /// An open folder beneath the root, and the name of the last component of the path asked for.
    struct Folder: ~Copyable {
        let descriptor: Int32
        let leaf: String
        /// The folder's full path, for messages.
        let path: String

        deinit { close(descriptor) }
    }

    /// Opens the folder that holds `relative`. Missing folders are made when `create` is set
    /// (0755); else a missing one gives `nil`.
    func folder(holding relative: String, create: Bool, for operation: String) throws(FileError) -> Folder? {
        let components = relative.split(separator: "/")
        guard let leaf = components.last else { throw FileError(operation, full(relative), .invalidArgument) }
        guard let descriptor = try walk(components.dropLast(), create: create, for: operation) else { return nil }
        let parent = components.dropLast().joined(separator: "/")
        return Folder(descriptor: descriptor, leaf: String(leaf), path: parent.isEmpty ? root : full(parent))
    }

    /// Opens the file `relative` beneath the root with `flags` (`O_NOFOLLOW` and `O_CLOEXEC` are
    /// added): a link as the file itself is refused too. `nil` when it or a folder above is missing.
    func openFile(_ relative: String, flags: Int32, for operation: String) throws(FileError) -> Int32? {
        guard let folder = try folder(holding: relative, create: flags & O_CREAT != 0, for: operation) else { return nil }
        let descriptor = openat(folder.descriptor, folder.leaf, flags | O_NOFOLLOW | O_CLOEXEC, mode_t(0o644))
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw FileError(operation, full(relative), Errno(rawValue: errno), isLink: errno == ELOOP)
        }
        return descriptor
    }

    private func walk(_ components: ArraySlice<Substring>, create: Bool, for operation: String) throws(FileError) -> Int32? {
        var descriptor = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor < 0 && errno == ENOENT && create {
            try makeRoot(for: operation)
            descriptor = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        guard descriptor >= 0 else {
            if errno == ENOENT && !create { return nil }
            throw FileError(operation, root, Errno(rawValue: errno))
        }
        var path = root
        let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (root == "/" ? 0 : O_NOFOLLOW)
        for component in components {
            path += (path.hasSuffix("/") ? "" : "/") + component
            let name = String(component)
            var next = openat(descriptor, name, flags)
            if next < 0 && errno == ENOENT && create {
                if mkdirat(descriptor, name, 0o755) != 0 && errno != EEXIST {
                    let code = errno
                    close(descriptor)
                    throw FileError(operation, path, Errno(rawValue: code))
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
                throw FileError(operation, path, Errno(rawValue: code), isLink: isLink)
            }
            close(descriptor)
            descriptor = next
        }
        return descriptor
    }

    /// Makes the root and the folders above it, as `mkdir -p` does (above the root, links are followed).
    private func makeRoot(for operation: String) throws(FileError) {
        var path = root.hasPrefix("/") ? "" : "."
        for component in root.split(separator: "/") {
            path += "/" + component
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw FileError(operation, path, Errno(rawValue: errno)) }
        }
    }
}
