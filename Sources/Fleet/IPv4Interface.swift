/// A host address with its prefix length, written `192.168.1.188/24`.
public struct IPv4Interface: Codable, Hashable, Sendable, CustomStringConvertible {
    public let address: IPv4Address
    public let prefixLength: Int

    public init(address: IPv4Address, prefixLength: Int) throws(RuleViolation) {
        guard (1...32).contains(prefixLength) else {
            throw RuleViolation("has a prefix length outside 1-32")
        }
        self.address = address
        self.prefixLength = prefixLength
        if prefixLength <= 30 && (address == network || address == broadcast) {
            throw RuleViolation("is the \(address == network ? "network" : "broadcast") address of \(network)/\(prefixLength), not a host address")
        }
    }

    public init(_ text: String) throws(RuleViolation) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2 else {
            throw RuleViolation("is not an address with a prefix length (expected CIDR such as 192.168.1.188/24)")
        }
        let address: IPv4Address
        do { address = try IPv4Address(String(pieces[0])) } catch {
            throw RuleViolation("does not start with an IPv4 address (expected CIDR such as 192.168.1.188/24)")
        }
        guard pieces[1].allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(pieces[1]), pieces[1].count <= 2 else {
            throw RuleViolation("has a prefix length that is not a number 1-32 (expected CIDR such as 192.168.1.188/24)")
        }
        try self.init(address: address, prefixLength: length)
    }

    public var netmask: IPv4Address {
        IPv4Address(rawValue: prefixLength == 0 ? 0 : UInt32.max << UInt32(32 - prefixLength))
    }

    public var network: IPv4Address { IPv4Address(rawValue: address.rawValue & netmask.rawValue) }

    public var broadcast: IPv4Address { IPv4Address(rawValue: network.rawValue | ~netmask.rawValue) }

    /// Whether `other` is a usable neighbour on this subnet (not its network or broadcast address).
    public func hostsAddress(_ other: IPv4Address) -> Bool {
        guard other.rawValue & netmask.rawValue == network.rawValue else { return false }
        return prefixLength > 30 || (other != network && other != broadcast)
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
