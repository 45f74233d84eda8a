/// One network the DHCP server answers for: the server's own (`site.dhcp.subnet` and its keys) or
/// one behind a DHCP relay (`site.dhcp.subnets`), with what its clients are told.
public struct DHCPSubnet: Codable, Sendable, Equatable {
    public let subnet: IPv4Subnet
    /// The dynamic range for clients without a reservation; `nil` serves reservations only.
    public let range: ClosedRange<IPv4Address>?
    public let routers: [IPv4Address]
    public let dns: [IPv4Address]
    public let domain: String?

    public init(subnet: IPv4Subnet, range: ClosedRange<IPv4Address>? = nil, routers: [IPv4Address] = [], dns: [IPv4Address] = [], domain: String? = nil) {
        self.subnet = subnet
        self.range = range
        self.routers = routers
        self.dns = dns
        self.domain = domain
    }
}
