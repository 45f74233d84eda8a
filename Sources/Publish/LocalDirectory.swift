#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A folder on this machine (TFTP root, HTTP root, a mounted share).
///
/// Writes go to a hidden temporary name in the same folder and are renamed over the final name,
/// so a crash leaves each file old or new, never half written. Files are 0644 and folders 0755,
/// because TFTP and HTTP daemons read them as other users.
public struct LocalDirectory: PublishTarget {
    public let root: String
    let beneath: BeneathRoot

    public init(root: String) {
        self.root = root
        beneath = BeneathRoot(root)
    }

    public var displayName: String { root }

    /// Two writers: creating a file is mostly kernel time (inode, directory entry, rename), which a
    /// second thread overlaps with the first (a cold 10,000-host apply on 2 cores, Scripts/bench).
    public var parallelism: Int { 2 }

    /// Where `path` is on this machine, for messages.
    public func location(of path: String) -> String { beneath.full(path) }

    public func size(of path: String) throws(PublishError) -> Int? {
        guard let info = try opened("inspect", path, { () throws(BeneathRoot.Failure) in try beneath.status(of: path) }) else { return nil }
        guard info.isRegularFile else {
            throw PublishError(operation: "replace", path: location(of: path), reason: "it is not a regular file; move it away")
        }
        return info.size
    }

    /// `lstat` of each path, split over `parallelism` threads when there are many: a re-apply of a
    /// 10,000-host fleet asks for 40,000 of them, and each is a system call.
    public func sizes(of paths: [String]) throws(PublishError) -> [String: Int] {
        guard paths.count >= 1_000 else {
            var sizes: [String: Int] = [:]
            for path in paths { if let size = try size(of: path) { sizes[path] = size } }
            return sizes
        }
        let threads = parallelism
        let found = Mutex<[String: Int]>([:])
        let (_, failure) = ParallelWork.run(count: threads, threads: threads) { (part) throws(PublishError) in
            var sizes: [String: Int] = [:]
            for index in stride(from: part, to: paths.count, by: threads) {
                if let size = try size(of: paths[index]) { sizes[paths[index]] = size }
            }
            found.withLock { $0.merge(sizes) { first, _ in first } }
        }
        if let failure { throw failure }
        return found.withLock { $0 }
    }

    public func read(_ path: String) throws(PublishError) -> [UInt8] {
        let fd = try openForReading(path)
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
        }
    }

    public func read(_ path: String, offset: Int, count: Int) throws(PublishError) -> [UInt8] {
        let fd = try openForReading(path)
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if got < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if got == 0 { break }
            done += got
        }
        return Array(bytes[..<done])
    }

    public func list(_ folder: String) throws(PublishError) -> [String]? {
        guard let fd = try opened("list", folder, { () throws(BeneathRoot.Failure) in try beneath.directory(folder) }) else { return nil }
        guard let directory = fdopendir(fd) else {
            let error = failure("list", folder)
            close(fd)
            throw error
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func write(_ path: String, content: [UInt8]) throws(PublishError) {
        guard let folder = try opened("create folders for", path, { () throws(BeneathRoot.Failure) in
            try beneath.folder(holding: path, create: true)
        }) else { throw failure("create", path, code: ENOENT) }
        let temporary = TemporaryName.next(for: folder.leaf)
        let shown = folder.path + "/" + temporary
        let fd = openat(folder.descriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("create", shown) }
        var written = 0
        while written < content.count {
            let count = content.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let error = failure("write", shown)
                close(fd)
                unlinkat(folder.descriptor, temporary, 0)
                throw error
            }
            written += count
        }
        fchmod(fd, 0o644)
        guard close(fd) == 0 else {
            let error = failure("write", shown)
            unlinkat(folder.descriptor, temporary, 0)
            throw error
        }
        guard renameat(folder.descriptor, temporary, folder.descriptor, folder.leaf) == 0 else {
            let error = failure("rename into place", path)
            unlinkat(folder.descriptor, temporary, 0)
            throw error
        }
    }

    public func append(_ path: String, at offset: Int, from next: (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        let flags = O_WRONLY | O_CREAT | (offset == 0 ? O_TRUNC : 0)
        guard let fd = try opened("create", path, { () throws(BeneathRoot.Failure) in try beneath.openFile(path, flags: flags) }) else {
            throw failure("create", path, code: ENOENT)
        }
        defer { close(fd) }
        guard ftruncate(fd, off_t(offset)) == 0, lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else { throw failure("resume", path) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try next(buffer)
            if count == 0 { break }
            var done = 0
            while done < count {
                let written = Glibc.write(fd, buffer.baseAddress! + done, count - done)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure("write", path)
                }
                done += written
            }
        }
        guard fsync(fd) == 0 else { throw failure("write", path) }
    }

    public func rename(_ source: String, to destination: String) throws(PublishError) {
        guard let from = try opened("rename", source, { () throws(BeneathRoot.Failure) in try beneath.folder(holding: source, create: false) }),
              let to = try opened("rename into place", destination, { () throws(BeneathRoot.Failure) in
                  try beneath.folder(holding: destination, create: true)
              }) else { throw failure("rename", source, code: ENOENT) }
        guard renameat(from.descriptor, from.leaf, to.descriptor, to.leaf) == 0 else { throw failure("rename into place", destination) }
    }

    public func remove(_ path: String) throws(PublishError) {
        guard let folder = try opened("remove", path, { () throws(BeneathRoot.Failure) in try beneath.folder(holding: path, create: false) }) else { return }
        guard unlinkat(folder.descriptor, folder.leaf, 0) == 0 || errno == ENOENT else { throw failure("remove", path) }
    }

    private func openForReading(_ path: String) throws(PublishError) -> Int32 {
        guard let fd = try opened("read", path, { () throws(BeneathRoot.Failure) in try beneath.openFile(path, flags: O_RDONLY) }) else {
            throw failure("read", path, code: ENOENT)
        }
        return fd
    }

    /// Runs one of `beneath`'s openers, with its failure in ZeroTouch's words.
    private func opened<T: ~Copyable>(_ operation: String, _ path: String, _ body: () throws(BeneathRoot.Failure) -> T?) throws(PublishError) -> T? {
        do {
            return try body()
        } catch where error.isLink {
            throw PublishError(operation: operation, path: location(of: path),
                               reason: "\(error.path) is a symbolic link, and ZeroTouch writes and reads only beneath \(root) without following one; replace it with a real folder or file")
        } catch {
            throw failure(operation, error.path, code: error.code)
        }
    }

    private func failure(_ operation: String, _ path: String, code: Int32 = errno) -> PublishError {
        let reason = String(cString: strerror(code))
        return PublishError(operation: operation, path: path.hasPrefix("/") ? path : location(of: path), reason: "\(reason) (\(Self.errnoName(code)))")
    }

    static func errnoName(_ code: Int32) -> String {
        switch code {
        case EACCES: "EACCES"
        case EPERM: "EPERM"
        case ENOENT: "ENOENT"
        case ENOSPC: "ENOSPC"
        case EROFS: "EROFS"
        case EISDIR: "EISDIR"
        case ENOTDIR: "ENOTDIR"
        case EEXIST: "EEXIST"
        case EIO: "EIO"
        case EDQUOT: "EDQUOT"
        default: "errno \(code)"
        }
    }
}
