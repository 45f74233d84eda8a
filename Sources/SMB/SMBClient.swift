import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A folder on an SMB share, reached through libsmbclient with one account.
///
/// Holds a pool of contexts so that several threads can work on the share at once, each on a
/// connection of its own; a context goes back to the pool when its caller is done. An operation
/// that fails on a broken connection is retried on a new one (`SMBRetryPolicy`); every other
/// failure is thrown at once.
public final class SMBClient: Sendable {
    /// `smb://host[:port]/share[/dir]`, without a trailing slash and without credentials.
    public let base: String
    /// `smb://host[:port]/share`.
    private let share: String
    /// The folders between the share and `base`, created when missing like any other.
    private let directory: String
    public let credentials: SMBCredentials
    public let retry: SMBRetryPolicy
    private let timeout: Int32
    private let idle = Mutex<[SMBContext]>([])
    /// Folders known to exist, so that writing many files into one folder creates it once.
    private let folders = Mutex<Set<String>>([])
    private let serial = Atomic<Int>(0)

    public init(base: String, credentials: SMBCredentials, retry: SMBRetryPolicy = .standard, timeout: Int32 = 20_000) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        let parts = self.base.split(separator: "/", omittingEmptySubsequences: false)
        share = parts.prefix(4).joined(separator: "/")
        directory = parts.dropFirst(4).joined(separator: "/")
        self.credentials = credentials
        self.retry = retry
        self.timeout = timeout
    }

    /// The URL of `path` (relative, `/`-separated) under the base, each component percent-encoded.
    public func url(_ path: String) -> String {
        let components = path.split(separator: "/").map { Self.encode($0) }
        return components.isEmpty ? base : base + "/" + components.joined(separator: "/")
    }

    /// Runs `body` with a context of its own. When it fails on a broken connection, the context is
    /// dropped (with every idle one: they talk to the same server) and `body` runs again on a new
    /// one, so `body` must be safe to repeat.
    public func perform<T>(_ body: (SMBContext) throws(SMBError) -> T) throws(SMBError) -> T {
        var attempt = 1
        while true {
            let context = try checkOut()
            do {
                let result = try body(context)
                idle.withLock { $0.append(context) }
                return result
            } catch {
                guard error.isTransient, attempt < retry.attempts else {
                    if !error.isTransient { idle.withLock { $0.append(context) } }
                    throw error
                }
                drop()
                usleep(useconds_t(retry.delay(after: attempt) * 1_000_000))
                attempt += 1
            }
        }
    }

    private func checkOut() throws(SMBError) -> SMBContext {
        if let context = idle.withLock({ $0.popLast() }) { return context }
        return try SMBContext(credentials: credentials, timeout: timeout)
    }

    // MARK: operations on paths under the base

    public func status(_ path: String) throws(SMBError) -> SMBFileStatus? {
        try perform { (context) throws(SMBError) in try context.status(url(path)) }
    }

    /// The folder's entries, `nil` when it does not exist.
    public func list(_ path: String) throws(SMBError) -> [SMBDirectoryEntry]? {
        try perform { (context) throws(SMBError) in try context.list(url(path)) }
    }

    /// The whole file, read in pieces that never cross its end.
    public func read(_ path: String) throws(SMBError) -> [UInt8] {
        try perform { (context) throws(SMBError) in
            let location = url(path)
            guard let status = try context.status(location) else { throw SMBError(operation: "read", url: location, code: ENOENT) }
            return try Self.read(location, offset: 0, count: status.size, context: context)
        }
    }

    /// `count` bytes from `offset`; fewer when the file ends first.
    public func read(_ path: String, offset: Int, count: Int) throws(SMBError) -> [UInt8] {
        try perform { (context) throws(SMBError) in
            let location = url(path)
            guard let status = try context.status(location) else { throw SMBError(operation: "read", url: location, code: ENOENT) }
            return try Self.read(location, offset: offset, count: max(0, min(count, status.size - offset)), context: context)
        }
    }

    private static func read(_ url: String, offset: Int, count: Int, context: SMBContext) throws(SMBError) -> [UInt8] {
        let file = try context.openForReading(url)
        var bytes = [UInt8](repeating: 0, count: count)
        if count > 0 {
            try file.seek(to: offset)
            var failure: SMBError?
            bytes.withUnsafeMutableBytes { buffer in
                do throws(SMBError) {
                    try file.readExactly(into: buffer)
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
        }
        try file.close()
        return bytes
    }

    /// Writes `content` to a hidden temporary name in the same folder, then renames it over `path`.
    /// A reader sees the old file or the new one, never a part of either; but libsmbclient removes an
    /// existing `path` before renaming, so for one round trip the name is absent. A client holding
    /// the old file open keeps reading it (the server refuses to remove it and the replace fails with
    /// `busy` instead).
    public func replace(_ path: String, with content: [UInt8]) throws(SMBError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).zt-\(getpid())-\(serial.add(1, ordering: .relaxed).newValue)"
        try perform { (context) throws(SMBError) in
            try makeFolders(folder, context: context)
            let file = try context.openForWriting(url(temporary))
            do throws(SMBError) {
                try file.write(content)
                try file.close()
                try context.rename(url(temporary), to: url(path))
            } catch {
                if !error.isTransient { try? context.remove(url(temporary)) }
                throw error
            }
        }
    }

    /// Writes `path` from `offset` on with what `next` fills a 4 MiB buffer with, until it returns 0.
    /// On one connection and not retried (the bytes `next` handed out are gone): a caller that
    /// resumes asks for the size first. Rethrows what `next` throws.
    public func append(_ path: String, at offset: Int, from next: (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        let context = try checkOut()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 16)
        defer { buffer.deallocate() }
        do {
            let slash = path.lastIndex(of: "/")
            try makeFolders(slash.map { String(path[..<$0]) } ?? "", context: context)
            let file = try context.openForWriting(url(path), keep: offset > 0)
            if offset > 0 { try file.seek(to: offset) }
            while true {
                let count = try next(buffer)
                if count == 0 { break }
                try file.write(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
            try file.close()
        } catch {
            if (error as? SMBError)?.isTransient == true { drop() } else { idle.withLock { $0.append(context) } }
            throw error
        }
        idle.withLock { $0.append(context) }
    }

    /// Renames `source` to `destination`; see `SMBContext.rename` for the moment `destination` is absent.
    public func rename(_ source: String, to destination: String) throws(SMBError) {
        try perform { (context) throws(SMBError) in try context.rename(url(source), to: url(destination)) }
    }

    /// Forgets every connection, after one broke: the others talk to the same server.
    private func drop() {
        idle.withLock { $0.removeAll() }
        folders.withLock { $0.removeAll() }
    }

    public func remove(_ path: String) throws(SMBError) {
        try perform { (context) throws(SMBError) in try context.remove(url(path)) }
    }

    /// Creates `folder` and every folder above it that is missing.
    public func makeFolders(_ folder: String) throws(SMBError) {
        try perform { (context) throws(SMBError) in try makeFolders(folder, context: context) }
    }

    func makeFolders(_ folder: String, context: SMBContext) throws(SMBError) {
        let full = [directory, folder].filter { !$0.isEmpty }.joined(separator: "/")
        guard !full.isEmpty, !folders.withLock({ $0.contains(full) }) else { return }
        var path = ""
        for component in full.split(separator: "/") {
            path += (path.isEmpty ? "" : "/") + component
            if folders.withLock({ $0.contains(path) }) { continue }
            try context.makeDirectory(share + "/" + path.split(separator: "/").map { Self.encode($0) }.joined(separator: "/"))
            folders.withLock { _ = $0.insert(path) }
        }
    }

    /// Forgets what it knew of the share's folders (after something else may have removed them).
    public func forgetFolders() {
        folders.withLock { $0.removeAll() }
    }

    static func encode(_ component: Substring) -> String {
        var text = ""
        for byte in component.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                text += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return text
    }
}

private extension String {
    func leftPadded(to length: Int) -> String { count >= length ? self : String(repeating: "0", count: length - count) + self }
}
