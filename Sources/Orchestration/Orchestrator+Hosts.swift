public import Fleet
public import Inventory
public import Publish
public import Render
import OperatingSystem

/// Host commands: each change is one inventory transaction, then the host's files follow at once.
extension Orchestrator {
    /// Registers a host from the command line. `host` was built from validated values; here it is
    /// checked against the profiles, the inventory and the hosts the fleet file declares.
    public func addHost(_ host: Host) throws -> [PlannedChange] {
        try locating {
            try addHosts([host], event: "added from the command line")
        }
    }

    func addHosts(_ hosts: [Host], event: String) throws -> [PlannedChange] {
        let issues = try screen(hosts) { host, key in hosts.count == 1 ? "--\(key)" : "\(host.primaryMAC): --\(key)" }.flatMap(\.issues)
        guard issues.isEmpty else { throw FleetError(issues) }
        var desired = try desiredFiles(of: hosts)
        let (inventory, lock, keyChanged) = try lockedInventory()
        defer { withExtendedLifetime(lock) {} }
        // Another command saved the site key since these files were rendered: render again with it.
        if keyChanged { desired = try desiredFiles(of: hosts) }
        try inventory.write("add hosts") { transaction in
            for host in hosts {
                try transaction.insert(host, origin: .cli, declaredMode: nil, state: FleetSync.state(after: host.mode, from: nil), event: event)
            }
        }
        return try publish(desired, owners: Set(hosts.map { .host($0.primaryMAC) }), inventory: inventory)
    }

    /// Checks hosts about to be registered against the profiles, the DHCP rules, the hosts the fleet
    /// file declares, the inventory and each other. Returns every host with its issues (none when it
    /// may be added). `field` names a host's attribute for messages.
    func screen(_ hosts: [Host], field: (Host, String) -> String) throws -> [(host: Host, issues: [ValidationIssue])] {
        var unique = UniquenessCheck()
        var addresses = DHCPRules.AddressClaims()
        for (index, declared) in config.hosts.enumerated() {
            for mac in declared.macs { _ = unique.claim(mac, spelled: mac.description, field: "hosts[\(index)] in \(file.path)", owner: declared.name) }
            _ = unique.claim(name: declared.name, field: "hosts[\(index)] in \(file.path)")
            _ = addresses.claim(declared, networks: config.networks(of: declared), field: { _ in "" })
        }
        for record in try existingInventory()?.hosts() ?? [] {
            _ = addresses.claim(record.host, networks: config.networks(of: record.host), field: { _ in "" })
            guard record.origin == .cli else { continue }
            for mac in record.host.macs { _ = unique.claim(mac, spelled: mac.description, field: "the inventory", owner: record.host.name) }
            _ = unique.claim(name: record.host.name, field: "the inventory (\(record.host.primaryMAC))")
        }
        return hosts.map { host in
            var issues = HostRules.check(host, profiles: config.profiles) { field(host, $0) }
            for mac in host.macs {
                if let clash = unique.claim(mac, spelled: mac.description, field: field(host, "mac"), owner: host.name) { issues.append(clash) }
            }
            if let clash = unique.claim(name: host.name, field: field(host, "name")) { issues.append(clash) }
            if let settings = site.dhcp {
                let networks = config.networks(of: host)
                issues += DHCPRules.check(host, networks: networks, settings: settings) { field(host, $0) }
                if let clash = addresses.claim(host, networks: networks, field: { field(host, $0) }) { issues.append(clash) }
            }
            return (host, issues)
        }
    }

    /// Sets a host's mode; `install` and `capture` arm it, `localboot` and `disabled` stand it down.
    public func setMode(of mac: MACAddress, to mode: HostMode) throws -> (StoredHost, [PlannedChange]) {
        try locating {
            var desired: [PublishRoot: [Artifact]] = [:]
            let (inventory, lock, record) = try lockedRecord(mac) { record in
                if mode == .capture, let profile = config.profiles[record.host.profile], !profile.os.isWindows {
                    throw FleetError(ValidationIssue(field: "MODE", value: mode.rawValue,
                                                     rule: "needs a Windows profile (\(record.host.name) uses \(profile.name), os \(profile.os.rawValue))"))
                }
                guard config.profiles[record.host.profile] != nil else {
                    throw OrchestrationError("\(record.host.name) uses profile \(record.host.profile), which \(file.path) no longer defines; fix the file and run apply")
                }
                var moded = record.host
                moded.mode = mode
                desired = try desiredFiles(of: [moded])
            }
            file.keepSnapshot()
            defer { withExtendedLifetime(lock) {} }
            var host = record.host
            host.mode = mode
            let state = mode == record.host.mode ? record.state : FleetSync.state(after: mode, from: record.state)
            // Before the record: a host armed with an old run's markers still there would seem to progress.
            if state == .armed && record.state != .armed { try clearStatusMarkers(of: host) }
            if host != record.host || state != record.state {
                try inventory.write("set the mode") { transaction in
                    try transaction.update(id: record.id, host, origin: record.origin, declaredMode: record.declaredMode, state: state,
                                           kind: .mode, event: "mode \(record.host.mode.rawValue) -> \(mode.rawValue) from the command line")
                }
            }
            let updated = StoredHost(id: record.id, host: host, origin: record.origin, declaredMode: record.declaredMode, state: state)
            // Reservations do not depend on mode: the DHCP files stay as they are.
            return (updated, try publish(desired, owners: [.host(host.primaryMAC)], inventory: inventory, dhcp: false))
        }
    }

    /// Removes a host registered from the command line, and its files. Hosts the fleet file declares
    /// are removed by deleting them from the file.
    public func removeHost(_ mac: MACAddress) throws -> (StoredHost, [PlannedChange]) {
        let (inventory, lock, record) = try lockedRecord(mac) { record in
            guard record.origin == .cli else {
                throw OrchestrationError("\(record.host.name) (\(record.host.primaryMAC)) is declared in \(file.path); delete it there and run 'zerotouch apply'. Nothing was changed.")
            }
        }
        defer { withExtendedLifetime(lock) {} }
        try inventory.write("remove a host") { transaction in
            try transaction.delete(id: record.id, mac: record.host.primaryMAC, event: "removed from the command line")
        }
        return (record, try publish([:], owners: [.host(record.host.primaryMAC)], inventory: inventory))
    }

    public func hosts() throws -> [StoredHost] {
        try existingInventory()?.hosts() ?? []
    }

    public func host(_ mac: MACAddress) throws -> (StoredHost, [HostEvent]) {
        guard let inventory = try existingInventory() else { throw notRegistered(mac) }
        let record = try registered(mac, in: inventory)
        return (record, try inventory.events(mac: record.host.primaryMAC))
    }

    /// The host that has `mac`, from the inventory first, then the fleet file, with its profile.
    func hostAndProfile(_ mac: MACAddress) throws -> (host: Host, profile: Profile) {
        let host: Host
        if let record = try existingInventory()?.host(mac: mac) {
            host = record.host
        } else if let declared = config.hosts.first(where: { $0.macs.contains(mac) }) {
            host = declared
        } else {
            throw notRegistered(mac)
        }
        guard let profile = config.profiles[host.profile] else {
            throw OrchestrationError("\(host.name) uses profile \(host.profile), which \(file.path) does not define")
        }
        return (host, profile)
    }

    /// What the answer file of the host that has `mac` changes in its profile's base, per pass and
    /// component, secrets masked; `nil` for a host that is not Windows.
    public func answerDiff(mac: MACAddress) throws -> String? {
        try locating {
            let (host, profile) = try hostAndProfile(mac)
            guard profile.os.isWindows else { return nil }
            return try hostRenderers().shareFolders.answerDiff(host, profile: profile)
        }
    }

    /// One artifact of the host that has `mac`, as it is (or would be) published.
    public func render(_ kind: ArtifactKind, mac: MACAddress) throws -> String? {
        try locating {
            let (host, profile) = try hostAndProfile(mac)
            if kind == .kickstart {
                guard profile.os == .kickstart || profile.os == .esxi else { return nil }
                return try hostRenderers().kickstarts.render(host, nic: mac, profile: profile)
            }
            if kind == .answer || kind == .autorun || kind == .diskpart {
                let name = kind == .answer ? (profile.os == .windows ? "unattend.xml" : "sysprep.inf") : kind == .autorun ? "autorun.bat" : "diskpart.txt"
                let files = try hostRenderers().shareFolders.artifacts(for: host, profile: profile)
                return files.first { $0.path == "\(mac.dashed)/\(name)" }.map { String(decoding: $0.content, as: UTF8.self) }
            }
            return HostArtifacts.render(kind, host: host, nic: mac, profile: profile, site: site)
        }
    }

    /// The token the host's installer presents with its lifecycle callbacks (`Authorization: Bearer`).
    public func token(of mac: MACAddress) throws -> String {
        guard let inventory = try existingInventory() else { throw notRegistered(mac) }
        let record = try registered(mac, in: inventory)
        return try savedSiteKey().token(for: record.host.primaryMAC.description)
    }

    /// The host with `mac` for a change: `admit` checks it (and renders what it needs) first through a
    /// read-only look, so a refusal touches nothing, then again on the record read under the state lock.
    func lockedRecord(_ mac: MACAddress, admit: (StoredHost) throws -> Void) throws -> (any InventoryStore, StateLock, StoredHost) {
        guard let reader = try existingInventory() else { throw notRegistered(mac) }
        try admit(try registered(mac, in: reader))
        let (inventory, lock, _) = try lockedInventory()
        let record = try registered(mac, in: inventory)
        try admit(record)
        return (inventory, lock, record)
    }

    func registered(_ mac: MACAddress, in inventory: any InventoryStore) throws -> StoredHost {
        guard let record = try inventory.host(mac: mac) else { throw notRegistered(mac) }
        return record
    }

    func notRegistered(_ mac: MACAddress) -> OrchestrationError {
        let declared = config.hosts.contains { $0.macs.contains(mac) }
        return OrchestrationError(declared
            ? "\(mac) is declared in \(file.path) but not applied yet; run 'zerotouch apply' first"
            : "no host has the NIC \(mac); 'zerotouch host list' shows the registered ones")
    }

    /// The files of `hosts`, by root. Rendered before the inventory changes, so that a refusal
    /// (a missing secret, a broken base file) leaves everything as it was.
    func desiredFiles(of hosts: [Host], filesMode: HostMode? = nil) throws -> [PublishRoot: [Artifact]] {
        var desired: [PublishRoot: [Artifact]] = [:]
        let renderers = try hostRenderers()
        for host in hosts {
            for artifact in try renderers.artifacts(of: host, filesMode: filesMode) {
                desired[artifact.root, default: []].append(artifact)
            }
        }
        return desired
    }

    /// Publishes `desired` (empty for a removal), touching only files owned by `owners`, then the DHCP
    /// files unless the change cannot touch them (`dhcp` false: reservations do not depend on mode or state).
    func publish(_ desired: [PublishRoot: [Artifact]], owners: Set<FileOwner>, inventory: any InventoryStore, dhcp: Bool = true) throws -> [PlannedChange] {
        var applied: [PlannedChange] = []
        for root in PublishRoot.allCases where root != .dhcp {
            let manifest = try manifest(of: root, inventory: inventory, owners: owners)
            if desired[root] == nil && manifest.entries.isEmpty { continue }
            let changes = try Planner.plan(desired: desired[root] ?? [], manifest: manifest, target: target(root), root: root, scope: .owners(owners))
            try refuseConflicts(ApplyPlan(hostChanges: [], fileChanges: changes, warnings: []), adopt: false)
            let writes = changes.filter(\.isChange)
            try publish(writes, root: root, inventory: inventory)
            applied += writes
        }
        guard dhcp else { return applied }
        let reservations = try publishDHCP(inventory: inventory)
        notices += try notifyDHCP(reservations, restart: false)
        return applied + reservations
    }
}
