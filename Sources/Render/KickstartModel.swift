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

    let values: [String: Any]

    /// - Parameters:
    ///   - nic: the MAC this file is for (`HTTP_ROOT/ks/<mac>.ks`); the static address is the NIC's own.
    ///   - rootPasswordHash: SHA-512 crypt, or `nil` when the profile names no root password.
    ///   - token: the host's callback token.
    public init(host: Host, nic: MACAddress, network: HostNetwork?, profile: Profile, site: Site,
                rootPasswordHash: String?, token: String, post: [String]) {
        var hostValues: [String: Any] = [
            "name": host.name, "hostname": DHCPRules.hostLabel(host), "mac": nic.description, "mac_dashed": nic.dashed,
        ]
        if let network {
            hostValues["static"] = true
            hostValues["ip"] = network.interface.address.description
            hostValues["prefix"] = String(network.interface.prefixLength)
            hostValues["netmask"] = network.interface.netmask.description
            if let gateway = network.gateway { hostValues["gateway"] = gateway.description }
            if !network.dns.isEmpty { hostValues["dns"] = network.dns.map(\.description).joined(separator: ",") }
        }
        var profileValues: [String: Any] = ["name": profile.name]
        if case .kernel(let kernel) = profile.boot { profileValues["release"] = kernel.release.rawValue }
        var values: [String: Any] = [
            "host": hostValues, "profile": profileValues,
            "site": ["server": site.server.description, "http": site.httpBase],
            "callback": ["url": "\(site.httpBase)/api/v1/hosts/\(host.primaryMAC.dashed)/events", "token": token],
            "post": post,
        ]
        if let rootPasswordHash { values["root_password_hash"] = rootPasswordHash }
        self.values = values
    }
}
