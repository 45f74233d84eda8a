/// A place files are published to: a local folder or an SMB share.
public protocol PublishTarget: Sendable {
    /// For messages: a path or a URL without credentials.
    var displayName: String { get }
    /// Where `path` is, for messages: a local path or an smb:// URL.
    func location(of path: String) -> String
    /// Size of the regular file at `path`, `nil` when absent; throws when something else is there.
    func size(of path: String) throws(PublishError) -> Int?
    /// The sizes of those of `paths` that are regular files; absent ones are left out.
    func sizes(of paths: [String]) throws(PublishError) -> [String: Int]
    func read(_ path: String) throws(PublishError) -> [UInt8]
    /// `count` bytes from `offset` (fewer when the file ends first).
    func read(_ path: String, offset: Int, count: Int) throws(PublishError) -> [UInt8]
    /// The names in `folder`, `nil` when it does not exist.
    func list(_ folder: String) throws(PublishError) -> [String]?
    /// Replaces `path` with `content` so that a reader sees the old or the new file, never a part.
    func write(_ path: String, content: [UInt8]) throws(PublishError)
    /// Removes `path`; a file already gone is not an error.
    func remove(_ path: String) throws(PublishError)
    /// Writes `path` from `offset` on, keeping the bytes before it (none when `offset` is 0), with
    /// what `next` fills its buffer with, until it returns 0. For large files (images); creates the
    /// folders above `path`. Not retried: a caller that resumes looks at the size first.
    func append(_ path: String, at offset: Int, from next: (UnsafeMutableRawBufferPointer) throws -> Int) throws
    /// Renames `source` over `destination` (see each target for whether that is atomic).
    func rename(_ source: String, to destination: String) throws(PublishError)
    /// How many changes `Publisher` carries out at once, each on a thread of its own.
    var parallelism: Int { get }
}

extension PublishTarget {
    public func sizes(of paths: [String]) throws(PublishError) -> [String: Int] {
        var sizes: [String: Int] = [:]
        for path in paths {
            if let size = try size(of: path) { sizes[path] = size }
        }
        return sizes
    }

    public var parallelism: Int { 1 }
}
