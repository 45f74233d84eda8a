public import Fleet
import Inventory
import Publish
import Render

extension Orchestrator {
    /// The DHCP configuration in `format` for the hosts apply would publish, for stdout.
    public func dhcpPreview(format: DHCPSettings.Server?) throws -> String {
        guard let settings = site.dhcp else {
            throw OrchestrationError("\(file.path) has no site.dhcp section; add one (server, output, subnet, …) to have ZeroTouch write DHCP reservations")
        }
        let stored = try existingInventory()?.hosts() ?? []
        let hosts = try FleetSync.reconcile(file: config.hosts, stored: stored, profiles: config.profiles).hosts
        try checkReservations(hosts)
        return DHCPArtifacts.preview(format ?? settings.server, settings: settings, site: site, hosts: hosts, nicNetworks: config.nicNetworks)
    }

    /// The reservation rules over every host, from the file and the command line together.
    /// The file's own hosts were checked with line numbers when it was read; this catches the
    /// rest (a command-line host that clashes with the file, or a subnet edited under it).
    func checkReservations(_ hosts: [Host]) throws(FleetError) {
        guard let settings = site.dhcp else { return }
        var issues: [ValidationIssue] = []
        var claims = DHCPRules.AddressClaims()
        for host in hosts {
            let label = "host \(host.name) (\(host.primaryMAC))"
            let networks = config.networks(of: host)
            issues += DHCPRules.check(host, networks: networks, settings: settings) { "\(label).\($0)" }
            if let clash = claims.claim(host, networks: networks, field: { "\(label).\($0)" }) { issues.append(clash) }
        }
        guard issues.isEmpty else { throw FleetError(issues) }
    }

    func dhcpArtifacts(hosts: [Host]) -> [Artifact] {
        guard let settings = site.dhcp else { return [] }
        return DHCPArtifacts.render(settings, site: site, hosts: hosts, nicNetworks: config.nicNetworks)
    }

    /// After a host command: the DHCP files again, from every host the inventory now holds.
    func publishDHCP(inventory: any InventoryStore) throws -> [PlannedChange] {
        let manifest = try manifest(of: .dhcp, inventory: inventory, owners: nil)
        guard site.dhcp != nil || !manifest.entries.isEmpty else { return [] }
        let desired = dhcpArtifacts(hosts: try inventory.hosts().map(\.host))
        let changes = try Planner.plan(desired: desired, manifest: manifest, target: target(.dhcp), root: .dhcp, scope: .everything)
        try refuseConflicts(ApplyPlan(hostChanges: [], fileChanges: changes, warnings: []), adopt: false)
        let writes = changes.filter(\.isChange)
        try publish(writes, root: .dhcp, inventory: inventory)
        return writes
    }

    /// Tells the DHCP daemon about the files `changes` wrote; one notice per run however many hosts changed.
    func notifyDHCP(_ changes: [PlannedChange], restart: Bool) throws -> [String] {
        guard let settings = site.dhcp else { return [] }
        let changed = Set(changes.filter { $0.root == .dhcp && $0.isChange }.map(\.path))
        return try DHCPNotifier(settings: settings).notify(changed: changed, restart: restart)
    }
}
