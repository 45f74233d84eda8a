/// A network written `192.168.1.0/24`: the address must be the network's first address.
public struct IPv4Subnet: Codable, Hashable, Sendable, CustomStringConvertible {
    public let network: IPv4Address
    public let prefixLength: Int

    public init(_ text: String) throws(RuleViolation) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        let rule = "(expected a network such as 192.168.1.0/24)"
        guard pieces.count == 2, let address = try? IPv4Address(String(pieces[0])),
              pieces[1].allSatisfy({ $0.isASCII && $0.isNumber }), pieces[1].count <= 2,
              let length = Int(pieces[1]), (8...30).contains(length)
        else { throw RuleViolation("is not a network address with a prefix length of 8-30 \(rule)") }
        self.network = address
        self.prefixLength = length
        guard address.rawValue & netmask.rawValue == address.rawValue else {
            throw RuleViolation("has host bits set; the network is \(IPv4Address(rawValue: address.rawValue & netmask.rawValue))/\(length) \(rule)")
        }
    }

    public var netmask: IPv4Address { IPv4Address(rawValue: UInt32.max << UInt32(32 - prefixLength)) }

    public var broadcast: IPv4Address { IPv4Address(rawValue: network.rawValue | ~netmask.rawValue) }

    /// Whether `address` is a usable host address here (not the network or broadcast address).
    public func hosts(_ address: IPv4Address) -> Bool {
        address.rawValue & netmask.rawValue == network.rawValue && address != network && address != broadcast
    }

    /// Whether the two networks share an address.
    public func overlaps(_ other: IPv4Subnet) -> Bool {
        let mask = prefixLength < other.prefixLength ? netmask : other.netmask
        return network.rawValue & mask.rawValue == other.network.rawValue & mask.rawValue
    }

    public var description: String { "\(network)/\(prefixLength)" }
}
