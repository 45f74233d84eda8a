public import Fleet
public import Inventory
public import Render

/// What the registered hosts are and what was rendered for them. Reads only: nothing here takes the
/// lock or creates the inventory.
public struct HostQueries {
    let session: SiteSession

    public init(session: SiteSession) {
        self.session = session
    }

    /// A host with its timeline, oldest event first.
    public struct Details: Sendable {
        public let host: StoredHost
        public let events: [HostEvent]
    }

    /// A host with its latest timeline entry, for `zerotouch status`.
    public struct Status: Sendable {
        public let host: StoredHost
        public let latest: HostEvent?
    }

    public func list() throws -> [StoredHost] {
        try session.existingInventory()?.hosts() ?? []
    }

    public func details(of mac: MACAddress) throws -> Details {
        let lookup = HostLookup(session: session)
        guard let inventory = try session.existingInventory() else { throw lookup.notRegistered(mac) }
        let record = try lookup.registered(mac, in: inventory)
        return Details(host: record, events: try inventory.events(mac: record.host.primaryMAC))
    }

    public func status() throws -> [Status] {
        guard let inventory = try session.existingInventory() else { return [] }
        let latest = try inventory.latestEvents()
        return try inventory.hosts().map { Status(host: $0, latest: latest[$0.id]) }
    }

    /// The token the host's installer presents with its lifecycle callbacks (`Authorization: Bearer`).
    public func token(of mac: MACAddress) throws -> String {
        let record = try details(of: mac).host
        return try session.savedSiteKey().token(for: record.host.primaryMAC.description)
    }

    /// One artifact of the host that has `mac`, as it is (or would be) published; `nil` when the
    /// host's OS has no such file.
    public func render(_ kind: ArtifactKind, mac: MACAddress) throws -> String? {
        try session.located {
            let (host, profile) = try HostLookup(session: session).hostAndProfile(mac)
            if kind == .kickstart {
                guard profile.os == .kickstart || profile.os == .esxi else { return nil }
                return try HostRenderers(session).kickstarts.render(host, nic: mac, profile: profile)
            }
            if kind == .answer || kind == .autorun || kind == .diskpart {
                let name = kind == .answer ? (profile.os == .windows ? "unattend.xml" : "sysprep.inf") : kind == .autorun ? "autorun.bat" : "diskpart.txt"
                let files = try HostRenderers(session).shareFolders.artifacts(for: host, profile: profile)
                return files.first { $0.path == "\(mac.dashed)/\(name)" }.map { String(decoding: $0.content, as: UTF8.self) }
            }
            return HostArtifacts.render(kind, host: host, nic: mac, profile: profile, site: session.site)
        }
    }

    /// What the answer file of the host that has `mac` changes in its profile's base, per pass and
    /// component, secrets masked; `nil` for a host that is not Windows.
    public func answerDiff(mac: MACAddress) throws -> String? {
        try session.located {
            let (host, profile) = try HostLookup(session: session).hostAndProfile(mac)
            guard profile.os.isWindows else { return nil }
            return try HostRenderers(session).shareFolders.answerDiff(host, profile: profile)
        }
    }
}
