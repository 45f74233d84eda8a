import Fleet
import Hummingbird
import Inventory
import Render
import Synchronization

/// What the server answers from: every host by each of its NICs, with its profile, held in memory
/// so a boot storm never reaches SQLite. Replaced whole when the inventory or the fleet file
/// changes, and per host when the server itself moves a host along.
final class FleetView: Sendable {
    struct Snapshot: Sendable {
        let site: Site
        let profiles: [String: Profile]
        /// Stable order for listings: as the inventory holds them.
        var hosts: [StoredHost]
        var byMAC: [MACAddress: Int]

        init(site: Site, profiles: [String: Profile], hosts: [StoredHost]) {
            self.site = site
            self.profiles = profiles
            self.hosts = hosts
            var byMAC: [MACAddress: Int] = [:]
            for (index, record) in hosts.enumerated() {
                for mac in record.host.macs { byMAC[mac] = index }
            }
            self.byMAC = byMAC
        }

        func host(_ mac: MACAddress) -> StoredHost? { byMAC[mac].map { hosts[$0] } }
    }

    struct ScriptKey: Hashable {
        let mac: MACAddress
        let platform: IPXEScript.Platform?
    }

    /// A rendered answer and what the server does when it sends it, so a cached answer needs no
    /// look at the host (copying a Windows profile costs more than the rest of the request).
    struct Answer: Sendable {
        /// 200, or 500 when the host cannot be rendered (never cached).
        var status: HTTPResponse.Status = .ok
        let body: ByteBuffer
        /// The metrics series it counts under.
        let series: String
        /// Sending it moves an armed host to `booting`.
        let marksBooting: Bool
    }

    private let current: Mutex<Snapshot>
    /// Rendered iPXE answers, kept until their host changes: a boot storm renders each once. The
    /// generation moves on every change, so an answer rendered from a record that changed meanwhile
    /// is never cached.
    private let scripts = Mutex<(cache: [ScriptKey: Answer], generation: Int)>(([:], 0))
    /// Hosts (by primary MAC) whose `booting` is being recorded: a host fetches its script once per
    /// NIC and iPXE retries, and each fetch before the record lands would queue the same event again.
    private let booting = Mutex<Set<MACAddress>>([])

    init(_ snapshot: Snapshot) {
        current = Mutex(snapshot)
    }

    var snapshot: Snapshot { current.withLock { $0 } }

    func replace(with snapshot: Snapshot) {
        current.withLock { $0 = snapshot }
        scripts.withLock { $0 = ([:], $0.generation + 1) }
    }

    /// Takes the right to record `booting` for the host with primary NIC `mac`: `false` while an
    /// earlier fetch's record is under way. `release` gives it back once that record is done.
    func claimBooting(_ mac: MACAddress) -> Bool {
        booting.withLock { $0.insert(mac).inserted }
    }

    func releaseBooting(_ mac: MACAddress) {
        _ = booting.withLock { $0.remove(mac) }
    }

    /// The host after a change the server made; its NICs are unchanged by lifecycle moves.
    func update(_ record: StoredHost) {
        current.withLock { snapshot in
            guard let index = snapshot.byMAC[record.host.primaryMAC], snapshot.hosts[index].id == record.id else { return }
            snapshot.hosts[index] = record
        }
        scripts.withLock { state in
            state.generation += 1
            for mac in record.host.macs {
                for platform in [nil] + IPXEScript.Platform.allCases.map(Optional.some) { state.cache[ScriptKey(mac: mac, platform: platform)] = nil }
            }
        }
    }

    /// The cached answer for `key`, with the generation to pass to `store` when there is none.
    func cached(_ key: ScriptKey) -> (answer: Answer?, generation: Int) {
        scripts.withLock { ($0.cache[key], $0.generation) }
    }

    /// Caches an answer rendered from what the view held at `generation` (taken before the host was
    /// read), unless the fleet changed since.
    func store(_ answer: Answer, for key: ScriptKey, generation: Int) {
        scripts.withLock { state in
            if state.generation == generation { state.cache[key] = answer }
        }
    }

    /// The host and its profile for `mac`, without copying the whole snapshot.
    func lookup(_ mac: MACAddress) -> (site: Site, host: StoredHost?, profile: Profile?) {
        current.withLock { snapshot in
            let host = snapshot.host(mac)
            return (snapshot.site, host, host.flatMap { snapshot.profiles[$0.host.profile] })
        }
    }
}
