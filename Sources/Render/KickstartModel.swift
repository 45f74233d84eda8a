public import Fleet

/// What a kickstart template sees of one host NIC, its profile and the site. The names are fixed,
/// so a template is checked once, whatever the host: optional values (gateway, DNS, static address)
/// are tested with sections, such as `{{#host.gateway}}--gateway={{host.gateway}}{{/host.gateway}}`.
public struct KickstartModel {
    public static let lists: Set = ["post"]
    public static let names: Set = [
        "host.name", "host.hostname", "host.mac", "host.mac_dashed", "host.static", "host.ip", "host.prefix", "host.netmask",
        "host.gateway", "host.dns", "profile.name", "profile.release", "site.server", "site.http",
        "root_password_hash", "callback.url", "callback.token", "post",
    ] as Set<String>

    /// What a name stands for. A name that is absent renders as nothing and counts as false.
    public enum Value: Sendable, Equatable {
        case text(String)
        case flag(Bool)
        case list([String])
    }

    /// Every value by its full dotted name (`host.gateway`).
    let values: [String: Value]

    /// - Parameters:
    ///   - nic: the MAC this file is for (`HTTP_ROOT/ks/<mac>.ks`); the static address is the NIC's own.
    ///   - rootPasswordHash: SHA-512 crypt, or `nil` when the profile names no root password.
    ///   - token: the host's callback token.
    public init(host: Host, nic: MACAddress, network: HostNetwork?, profile: Profile, site: Site,
                rootPasswordHash: String?, token: String, post: [String]) {
        var values: [String: Value] = [
            "host.name": .text(host.name), "host.hostname": .text(DHCPRules.hostLabel(host)),
            "host.mac": .text(nic.description), "host.mac_dashed": .text(nic.dashed),
            "profile.name": .text(profile.name),
            "site.server": .text(site.server.description), "site.http": .text(site.httpBase),
            "callback.url": .text("\(site.httpBase)/api/v1/hosts/\(host.primaryMAC.dashed)/events"), "callback.token": .text(token),
            "post": .list(post),
        ]
        if let network {
            values["host.static"] = .flag(true)
            values["host.ip"] = .text(network.interface.address.description)
            values["host.prefix"] = .text(String(network.interface.prefixLength))
            values["host.netmask"] = .text(network.interface.netmask.description)
            if let gateway = network.gateway { values["host.gateway"] = .text(gateway.description) }
            if !network.dns.isEmpty { values["host.dns"] = .text(network.dns.map(\.description).joined(separator: ",")) }
        }
        if case .kernel(let kernel) = profile.boot { values["profile.release"] = .text(kernel.release.rawValue) }
        if let rootPasswordHash { values["root_password_hash"] = .text(rootPasswordHash) }
        self.values = values
    }
}
