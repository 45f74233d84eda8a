public import Fleet

/// A host as the inventory holds it: the record, where it came from, and its lifecycle state.
public struct StoredHost: Sendable, Equatable {
    public let id: Int64
    public let host: Host
    public let origin: HostOrigin
    /// The `mode` the fleet file last declared for this host; the file's mode takes effect only when
    /// this changes, so a re-run of apply never re-arms an installed host.
    public let declaredMode: HostMode?
    /// Where the host is in its install; its `mode` is the host's.
    public let lifecycle: HostLifecycle

    public var state: HostState { lifecycle.state }

    public init(id: Int64, host: Host, origin: HostOrigin, declaredMode: HostMode?, lifecycle: HostLifecycle) {
        self.id = id
        self.host = host
        self.origin = origin
        self.declaredMode = declaredMode
        self.lifecycle = lifecycle
    }

    public init(id: Int64, host: Host, origin: HostOrigin, declaredMode: HostMode?, state: HostState) {
        self.init(id: id, host: host, origin: origin, declaredMode: declaredMode, lifecycle: HostLifecycle(mode: host.mode, state: state))
    }
}

/// Who owns a host record.
public enum HostOrigin: String, Sendable, CaseIterable {
    /// Declared in the fleet file: `apply` adds, changes and removes it.
    case file
    /// Registered from the command line (`host add`, `import`): `apply` leaves it alone.
    case cli
}

/// One file ZeroTouch published, as the manifest table holds it.
public struct PublishedFile: Sendable, Equatable {
    public let root: String
    public let path: String
    public let digest: String
    public let size: Int
    public let owner: FileOwner

    public init(root: String, path: String, digest: String, size: Int, owner: FileOwner) {
        self.root = root
        self.path = path
        self.digest = digest
        self.size = size
        self.owner = owner
    }
}
