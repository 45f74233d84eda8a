import Fleet
import Inventory

/// Finds a registered host for a command, with the error a sysadmin can act on when there is none.
struct HostLookup {
    let session: SiteSession

    /// Runs `body` on the host that has `mac`, under the state lock. `admit` checks it (and renders
    /// what it needs) first through a read-only look, so that a refusal takes no lock and touches
    /// nothing, then again on the record as read under the lock.
    func changing<T>(_ mac: MACAddress, admit: (StoredHost) throws -> Void, _ body: (LockedSite, StoredHost) throws -> T) throws -> T {
        guard let reader = try session.existingInventory() else { throw notRegistered(mac) }
        try admit(try registered(mac, in: reader))
        return try session.changing { locked in
            let record = try registered(mac, in: try locked.inventory())
            try admit(record)
            return try body(locked, record)
        }
    }

    func registered(_ mac: MACAddress, in inventory: any InventoryStore) throws -> StoredHost {
        guard let record = try inventory.host(mac: mac) else { throw notRegistered(mac) }
        return record
    }

    /// The host that has `mac`, from the inventory first, then the fleet file, with its profile.
    func hostAndProfile(_ mac: MACAddress) throws -> (host: Host, profile: Profile) {
        let host: Host
        if let record = try session.existingInventory()?.host(mac: mac) {
            host = record.host
        } else if let declared = session.config.hosts.first(where: { $0.macs.contains(mac) }) {
            host = declared
        } else {
            throw notRegistered(mac)
        }
        return (host, try profile(of: host))
    }

    /// The profile `host` names, or an error saying the fleet file no longer defines it.
    func profile(of host: Host) throws -> Profile {
        guard let profile = session.config.profiles[host.profile] else {
            throw OrchestrationError("\(host.name) uses profile \(host.profile), which \(session.file.path) no longer defines; fix the file and run apply")
        }
        return profile
    }

    func notRegistered(_ mac: MACAddress) -> OrchestrationError {
        let declared = session.config.hosts.contains { $0.macs.contains(mac) }
        return OrchestrationError(declared
            ? "\(mac) is declared in \(session.file.path) but not applied yet; run 'zerotouch apply' first"
            : "no host has the NIC \(mac); 'zerotouch host list' shows the registered ones")
    }
}
