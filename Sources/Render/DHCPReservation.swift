public import Fleet

/// One host's DHCP reservations: every NIC it boots from, each with its address, in the order the
/// configs list them.
public struct DHCPReservation: Sendable, Equatable {
    public let host: Host
    /// The host-name option: the first label of the host's name.
    public let label: String
    /// Each NIC's fixed address: its own (`nic_addresses`), else the host's; absent for DHCP-addressed NICs.
    let addresses: [MACAddress: IPv4Address]

    public init(_ host: Host, nicNetworks: [MACAddress: HostNetwork] = [:]) {
        self.host = host
        self.label = DHCPRules.hostLabel(host)
        var addresses: [MACAddress: IPv4Address] = [:]
        for mac in host.macs {
            if let address = nicNetworks[mac]?.interface.address ?? host.network?.interface.address { addresses[mac] = address }
        }
        self.addresses = addresses
    }

    public var macs: [MACAddress] { host.macs }

    public func address(of mac: MACAddress) -> IPv4Address? { addresses[mac] }

    /// The host's NICs grouped by address, in NIC order: NICs that share an address share a group.
    public var groups: [(address: IPv4Address?, macs: [MACAddress])] {
        var groups: [(address: IPv4Address?, macs: [MACAddress])] = []
        for mac in macs {
            if let index = groups.firstIndex(where: { $0.address == addresses[mac] }) { groups[index].macs.append(mac) } else { groups.append((addresses[mac], [mac])) }
        }
        return groups
    }

    /// Stable order, so that one host's edit changes only its own lines.
    public static func sorted(_ hosts: [Host], nicNetworks: [MACAddress: HostNetwork] = [:]) -> [DHCPReservation] {
        hosts.map { DHCPReservation($0, nicNetworks: nicNetworks) }
            .sorted { ($0.host.name.lowercased(), $0.host.primaryMAC.rawValue) < ($1.host.name.lowercased(), $1.host.primaryMAC.rawValue) }
    }
}
