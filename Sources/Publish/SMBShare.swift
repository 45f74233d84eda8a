public import SMB
import Synchronization

/// A folder on an SMB share, written through libsmbclient (`SMBClient`).
///
/// Files are replaced by writing a hidden temporary name and renaming it over the old one, so a
/// reader never sees part of a file. For that rename libsmbclient first removes the old name, so for
/// one round trip (well under a millisecond on a LAN) a new reader finds no file; a reader that has
/// the file open keeps the old one, and the replace fails as busy. The window matters little in
/// practice: apply leaves alone the files of a host whose install is under way, so a host's files
/// change only while it is not reading them.
public struct SMBShare: PublishTarget {
    public let client: SMBClient
    /// Connections used at once for many changes: enough to hide the round trips, few enough not
    /// to crowd a small NAS.
    public let parallelism: Int

    public init(client: SMBClient, parallelism: Int = 8) {
        self.client = client
        // One connection at a time for now: even with Samba's thread hooks registered, parallel
        // contexts failed under load ("convert_string_talloc: out of memory!", charset state is
        // process-wide), so parallel publishing stays off until that is solved.
        self.parallelism = 1
        _ = parallelism
    }

    public var displayName: String { client.base }

    public func location(of path: String) -> String { client.url(path) }

    public func size(of path: String) throws(PublishError) -> Int? {
        guard let status = try translate({ () throws(SMBError) in try client.status(path) }) else { return nil }
        guard status.isRegularFile else {
            throw PublishError(operation: "replace", path: client.url(path), reason: "it is not a regular file; move it away")
        }
        return status.size
    }

    /// One folder listing per folder instead of one round trip per file, on `parallelism` connections.
    public func sizes(of paths: [String]) throws(PublishError) -> [String: Int] {
        var byFolder: [String: [String]] = [:]
        for path in paths {
            let slash = path.lastIndex(of: "/")
            byFolder[slash.map { String(path[..<$0]) } ?? "", default: []].append(path)
        }
        let folders = Array(byFolder.keys)
        let listings = ListingCollector()
        let client = self.client
        let (_, failure) = ParallelWork.run(count: folders.count, threads: parallelism) { (index) throws(SMBError) in
            listings.add(folders[index], try client.list(folders[index]))
        }
        if let failure { throw PublishError(failure) }
        var sizes: [String: Int] = [:]
        for (folder, entries) in listings.all {
            guard let entries else { continue }
            let wanted = Set(byFolder[folder] ?? [])
            for entry in entries {
                let path = folder.isEmpty ? entry.name : folder + "/" + entry.name
                guard wanted.contains(path) else { continue }
                if entry.isDirectory {
                    throw PublishError(operation: "replace", path: client.url(path), reason: "it is not a regular file; move it away")
                }
                sizes[path] = entry.size
            }
        }
        return sizes
    }

    public func read(_ path: String) throws(PublishError) -> [UInt8] {
        try translate { () throws(SMBError) in try client.read(path) }
    }

    public func read(_ path: String, offset: Int, count: Int) throws(PublishError) -> [UInt8] {
        try translate { () throws(SMBError) in try client.read(path, offset: offset, count: count) }
    }

    public func list(_ folder: String) throws(PublishError) -> [String]? {
        try translate { () throws(SMBError) in try client.list(folder)?.map(\.name) }
    }

    public func write(_ path: String, content: [UInt8]) throws(PublishError) {
        try translate { () throws(SMBError) in try client.replace(path, with: content) }
    }

    public func remove(_ path: String) throws(PublishError) {
        try translate { () throws(SMBError) in try client.remove(path) }
    }

    public func append(_ path: String, at offset: Int, from next: (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        do {
            try client.append(path, at: offset, from: next)
        } catch let error as SMBError {
            throw PublishError(error)
        }
    }

    /// Not atomic when `destination` exists: libsmbclient removes it first.
    public func rename(_ source: String, to destination: String) throws(PublishError) {
        try translate { () throws(SMBError) in try client.rename(source, to: destination) }
    }

    private func translate<T>(_ body: () throws(SMBError) -> T) throws(PublishError) -> T {
        do throws(SMBError) {
            return try body()
        } catch {
            throw PublishError(error)
        }
    }
}


/// Folder listings gathered by several threads.
private final class ListingCollector: Sendable {
    private let listings = Mutex<[(String, [SMBDirectoryEntry]?)]>([])

    func add(_ folder: String, _ entries: [SMBDirectoryEntry]?) {
        listings.withLock { $0.append((folder, entries)) }
    }

    var all: [(String, [SMBDirectoryEntry]?)] { listings.withLock { $0 } }
}

extension PublishError {
    init(_ error: SMBError) {
        self.init(operation: error.operation, path: error.url, reason: error.reason)
    }
}
