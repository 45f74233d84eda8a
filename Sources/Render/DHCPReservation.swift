public import Fleet

/// One DHCP reservation: a host and every NIC it boots from, in the order the configs list them.
public struct DHCPReservation: Sendable, Equatable {
    public let host: Host
    /// The host-name option: the first label of the host's name.
    public let label: String

    public init(_ host: Host) {
        self.host = host
        self.label = DHCPRules.hostLabel(host)
    }

    public var macs: [MACAddress] { host.macs }
    public var address: IPv4Address? { host.network?.interface.address }

    /// Stable order, so that one host's edit changes only its own lines.
    public static func sorted(_ hosts: [Host]) -> [DHCPReservation] {
        hosts.map(DHCPReservation.init).sorted { ($0.host.name.lowercased(), $0.host.primaryMAC.rawValue) < ($1.host.name.lowercased(), $1.host.primaryMAC.rawValue) }
    }
}
