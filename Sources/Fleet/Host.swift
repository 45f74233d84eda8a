/// One machine to install: its NICs, name, profile, addressing and the mode the operator asked for.
public struct Host: Codable, Sendable, Equatable {
    public let name: String
    /// The primary NIC first; every NIC gets its own boot entry.
    public let macs: [MACAddress]
    public let profile: String
    public let network: HostNetwork?
    public var mode: HostMode

    public init(name: String, macs: [MACAddress], profile: String, network: HostNetwork? = nil, mode: HostMode = .install) {
        precondition(!macs.isEmpty, "a host has at least one MAC")
        self.name = name
        self.macs = macs
        self.profile = profile
        self.network = network
        self.mode = mode
    }

    public var primaryMAC: MACAddress { macs[0] }
}

/// Static IPv4 settings; a host without them uses DHCP.
public struct HostNetwork: Codable, Sendable, Equatable {
    public let interface: IPv4Interface
    public let gateway: IPv4Address?
    public let dns: [IPv4Address]

    public init(interface: IPv4Interface, gateway: IPv4Address? = nil, dns: [IPv4Address] = []) {
        self.interface = interface
        self.gateway = gateway
        self.dns = dns
    }
}
