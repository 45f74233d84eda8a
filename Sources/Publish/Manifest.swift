public import Fleet

/// What ZeroTouch has written to one root: path → digest, size and owning host.
/// Files not listed here were not written by ZeroTouch and are never changed or removed.
public struct Manifest: Sendable, Equatable {
    public var entries: [String: ManifestEntry]

    public init(entries: [String: ManifestEntry] = [:]) {
        self.entries = entries
    }
}

public struct ManifestEntry: Sendable, Equatable {
    /// Lower-case hex SHA-256 of the content.
    public let digest: String
    public let size: Int
    /// The owning host's primary MAC (canonical spelling); `nil` for site-wide files.
    public let owner: FileOwner

    public init(digest: String, size: Int, owner: FileOwner) {
        self.digest = digest
        self.size = size
        self.owner = owner
    }
}
