/// A place files are published to: a local folder now, an SMB share later.
public protocol PublishTarget: Sendable {
    /// For messages: a path or a URL without credentials.
    var displayName: String { get }
    /// Size of the regular file at `path`, `nil` when absent; throws when something else is there.
    func size(of path: String) throws(PublishError) -> Int?
    func read(_ path: String) throws(PublishError) -> [UInt8]
    /// Replaces `path` with `content` so that a reader sees the old or the new file, never a part.
    func write(_ path: String, content: [UInt8]) throws(PublishError)
    /// Removes `path`; a file already gone is not an error.
    func remove(_ path: String) throws(PublishError)
}
