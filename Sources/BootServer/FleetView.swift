import Fleet
import Inventory
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

    private let current: Mutex<Snapshot>

    init(_ snapshot: Snapshot) {
        current = Mutex(snapshot)
    }

    var snapshot: Snapshot { current.withLock { $0 } }

    func replace(with snapshot: Snapshot) {
        current.withLock { $0 = snapshot }
    }

    /// The host after a change the server made; its NICs are unchanged by lifecycle moves.
    func update(_ record: StoredHost) {
        current.withLock { snapshot in
            guard let index = snapshot.byMAC[record.host.primaryMAC], snapshot.hosts[index].id == record.id else { return }
            snapshot.hosts[index] = record
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
