import Fleet
import Inventory

/// Checks hosts about to be registered from the command line or an import.
struct HostScreen {
    let session: SiteSession

    /// Checks hosts about to be registered against the profiles, the DHCP rules, the hosts the fleet
    /// file declares, the inventory and each other. Returns every host with its issues (none when it
    /// may be added). `field` names a host's attribute for messages.
    func check(_ hosts: [Host], field: (Host, String) -> String) throws -> [(host: Host, issues: [ValidationIssue])] {
        let config = session.config
        let site = config.site
        var unique = UniquenessCheck()
        var addresses = DHCPRules.AddressClaims()
        for (index, declared) in config.hosts.enumerated() {
            for mac in declared.macs { _ = unique.claim(mac, spelled: mac.description, field: "hosts[\(index)] in \(session.file.path)", owner: declared.name) }
            _ = unique.claim(name: declared.name, field: "hosts[\(index)] in \(session.file.path)")
            _ = addresses.claim(declared, networks: config.networks(of: declared), field: { _ in "" })
        }
        for record in try session.existingInventory()?.hosts() ?? [] {
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
}
