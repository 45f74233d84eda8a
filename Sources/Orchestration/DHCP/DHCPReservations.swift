public import Fleet
import Inventory
import Publish
import Render

/// The DHCP reservations of a site: checked over every host, rendered in the site's daemon's format,
/// published after a host command, and the daemon told.
public struct DHCPReservations {
    let session: SiteSession

    public init(session: SiteSession) {
        self.session = session
    }

    var noSettings: OrchestrationError {
        OrchestrationError("\(session.file.path) has no site.dhcp section; add one (server, output, subnet, …) to have ZeroTouch write DHCP reservations")
    }

    /// The DHCP configuration in `format` for the hosts apply would publish, for stdout.
    public func preview(format: DHCPSettings.Server?) throws -> String {
        let site = session.site
        guard let settings = site.dhcp else { throw noSettings }
        let config = session.config
        let stored = try session.existingInventory()?.hosts() ?? []
        let hosts = try FleetSync.reconcile(file: config.hosts, stored: stored, profiles: config.profiles).hosts
        try check(hosts)
        return DHCPArtifacts.preview(format ?? settings.server, settings: settings, site: site, hosts: hosts, nicNetworks: config.nicNetworks, profiles: config.profiles)
    }

    /// What the daemon's own configuration needs to read the file apply writes.
    public func wiring() throws -> String {
        guard let settings = session.site.dhcp else { throw noSettings }
        return DHCPWiring.render(settings, site: session.site)
    }

    /// The reservation rules over every host, from the file and the command line together. The file's
    /// own hosts were checked with line numbers when it was read; this catches the rest (a command-line
    /// host that clashes with the file, or a subnet edited under it).
    func check(_ hosts: [Host]) throws(FleetError) {
        guard let settings = session.site.dhcp else { return }
        var issues: [ValidationIssue] = []
        var claims = DHCPRules.AddressClaims()
        for host in hosts {
            let label = "host \(host.name) (\(host.primaryMAC))"
            let networks = session.config.networks(of: host)
            issues += DHCPRules.check(host, networks: networks, settings: settings) { "\(label).\($0)" }
            if let clash = claims.claim(host, networks: networks, field: { "\(label).\($0)" }) { issues.append(clash) }
        }
        guard issues.isEmpty else { throw FleetError(issues) }
    }

    func artifacts(of hosts: [Host]) -> [Artifact] {
        guard let settings = session.site.dhcp else { return [] }
        return DHCPArtifacts.render(settings, site: session.site, hosts: hosts, nicNetworks: session.config.nicNetworks, profiles: session.config.profiles)
    }

    /// After a host command: the DHCP files again, from every host the inventory now holds.
    func publish(inventory: any InventoryStore) throws -> [PlannedChange] {
        let publisher = SitePublisher(session: session)
        if session.site.dhcp == nil, try inventory.publishedFileCount(root: PublishRoot.dhcp.rawValue) == 0 { return [] }
        return try publisher.publishPlanned(artifacts(of: try inventory.hosts().map(\.host)), root: .dhcp, scope: .everything, inventory: inventory)
    }

    /// Tells the DHCP daemon about the files `changes` wrote; one notice per run however many hosts changed.
    func notify(_ changes: [PlannedChange], restart: Bool) throws -> [String] {
        guard let settings = session.site.dhcp else { return [] }
        let changed = Set(changes.filter { $0.root == .dhcp && $0.isChange }.map(\.path))
        return try DHCPNotifier(settings: settings).notify(changed: changed, restart: restart)
    }
}
