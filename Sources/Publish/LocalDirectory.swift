import OperatingSystem
import SystemPackage
import Synchronization

/// A folder on this machine (TFTP root, HTTP root, a mounted share), reached through
/// `BeneathRoot`: each write lands whole or not at all, and no link below the root is followed.
/// Files are 0644 and folders 0755, because TFTP and HTTP daemons read them as other users.
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
        guard let info = try mapped({ () throws(FileError) in try beneath.status(of: path) }) else { return nil }
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
        guard let bytes = try mapped({ () throws(FileError) in try beneath.read(path) }) else { throw missing("read", path) }
        return bytes
    }

    public func read(_ path: String, offset: Int, count: Int) throws(PublishError) -> [UInt8] {
        guard let bytes = try mapped({ () throws(FileError) in try beneath.read(path, offset: offset, count: count) }) else { throw missing("read", path) }
        return bytes
    }

    public func list(_ folder: String) throws(PublishError) -> [String]? {
        try mapped { () throws(FileError) in try beneath.list(folder) }
    }

    public func write(_ path: String, content: [UInt8]) throws(PublishError) {
        _ = try mapped { () throws(FileError) in try beneath.write(path, content: content) }
    }

    public func append(_ path: String, at offset: Int, from next: (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        let file = try mapped { () throws(FileError) in try beneath.openForAppending(path, at: offset) }
        defer { try? file.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 16)
        defer { buffer.deallocate() }
        do {
            while true {
                let count = try next(buffer)
                if count == 0 { break }
                _ = try file.writeAll(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
            try file.synchronize()
        } catch let error as Errno {
            throw failure(FileError("write", location(of: path), error))
        }
    }

    public func rename(_ source: String, to destination: String) throws(PublishError) {
        try mapped { () throws(FileError) in try beneath.rename(source, to: destination) }
    }

    public func remove(_ path: String) throws(PublishError) {
        try mapped { () throws(FileError) in try beneath.remove(path) }
    }

    /// Runs one of `beneath`'s operations, with its failure in ZeroTouch's words.
    private func mapped<T>(_ body: () throws(FileError) -> T) throws(PublishError) -> T {
        do {
            return try body()
        } catch {
            throw failure(error)
        }
    }

    private func failure(_ error: FileError) -> PublishError {
        guard error.isLink else { return PublishError(operation: error.operation, path: error.path, reason: error.reason) }
        return PublishError(operation: error.operation, path: error.path,
                            reason: "\(error.path) is a symbolic link, and ZeroTouch writes and reads only beneath \(root) without following one; replace it with a real folder or file")
    }

    private func missing(_ operation: String, _ path: String) -> PublishError {
        failure(FileError(operation, location(of: path), .noSuchFileOrDirectory))
    }
}
