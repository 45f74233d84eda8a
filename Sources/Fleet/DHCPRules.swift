/// What a reservation must satisfy once `site.dhcp` is set: each address in the subnet and outside
/// the dynamic range, one host per address, and a name the host-name option can carry.
public enum DHCPRules {
    /// Checks one host's reservations: its name, and the address of each NIC that has one
    /// (`networks`, from `FleetConfig.networks(of:)`). `field` turns a key (`ip`, `name`) into the
    /// caller's field path.
    public static func check(_ host: Host, networks: [(mac: MACAddress, network: HostNetwork)], settings: DHCPSettings,
                             field: (String) -> String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        do {
            try HostNameRule.dns.check(host.name)
        } catch {
            issues.append(ValidationIssue(field: field("name"), value: host.name,
                                          rule: "cannot be sent in the DHCP host-name option: it \(error.rule); rename the host to a single DNS label such as \(HostNameRule.dns.derived(from: host.name) ?? "web01")"))
        }
        for (mac, network) in networks {
            let key = mac == host.primaryMAC ? "ip" : "nic_addresses.\(mac).ip"
            let address = network.interface.address
            guard let subnet = settings.subnet(holding: address) else {
                let names = settings.subnets.count == 1 ? "site.dhcp.subnet \(settings.subnet)"
                    : "every subnet of site.dhcp (\(settings.subnets.map(\.subnet.description).joined(separator: ", ")))"
                issues.append(ValidationIssue(field: field(key), value: address.description,
                                              rule: "is outside \(names), so the DHCP server cannot reserve it"))
                continue
            }
            if let range = subnet.range, range.contains(address) {
                issues.append(ValidationIssue(field: field(key), value: address.description,
                                              rule: "is inside the dynamic range \(range.lowerBound)-\(range.upperBound) of \(subnet.subnet); a reserved address must be outside it, or another client may lease it"))
            }
        }
        return issues
    }

    /// The host-name option's value: the first label of the host's name.
    public static func hostLabel(_ host: Host) -> String {
        String(host.name.split(separator: ".").first ?? Substring(host.name))
    }

    /// Two hosts must not share one reserved address (the NICs of one host may).
    public struct AddressClaims {
        private var owners: [IPv4Address: String] = [:]

        public init() {}

        /// Claims every address of `networks` for `host`; the first clash, if any.
        public mutating func claim(_ host: Host, networks: [(mac: MACAddress, network: HostNetwork)], field: (String) -> String) -> ValidationIssue? {
            var clash: ValidationIssue?
            for (mac, network) in networks {
                let address = network.interface.address
                if let owner = owners[address], owner != host.name {
                    clash = clash ?? ValidationIssue(field: field(mac == host.primaryMAC ? "ip" : "nic_addresses.\(mac).ip"), value: address.description,
                                                     rule: "is already reserved for \(owner); each host needs its own address")
                } else {
                    owners[address] = host.name
                }
            }
            return clash
        }
    }
}
