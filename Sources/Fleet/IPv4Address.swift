/// An IPv4 address in dotted-quad form, parsed strictly: no leading zeros (which some tools read as octal).
public struct IPv4Address: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public init(_ text: String) throws(RuleViolation) {
        let bad = RuleViolation("is not an IPv4 address (expected four numbers 0-255 such as 192.168.1.188)")
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { throw bad }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  part.count == 1 || part.first != "0", let octet = UInt32(part), octet <= 255
            else { throw bad }
            value = value << 8 | octet
        }
        rawValue = value
    }

    public var description: String {
        (0..<4).map { String(rawValue >> UInt32(24 - 8 * $0) & 0xFF) }.joined(separator: ".")
    }

    /// Upper-case hex, the name pxelinux tries for this address (`192.168.1.199` → `C0A801C7`).
    public var pxelinuxHex: String {
        let hex = String(rawValue, radix: 16, uppercase: true)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.rawValue < rhs.rawValue }
}
