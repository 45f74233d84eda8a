/// A unicast Ethernet address, parsed once at the edge and spelled per consumer (FORMATS.md §1).
public struct MACAddress: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 48 bits, first octet most significant.
    public let rawValue: UInt64

    public init(octets: [UInt8]) {
        precondition(octets.count == 6, "a MAC address has six octets")
        rawValue = octets.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The address whose 48 bits are `rawValue`, as `rawValue` gave them: for values read back from
    /// ZeroTouch's own records, which were parsed (and checked) when they came in.
    public init(rawValue: UInt64) {
        precondition(rawValue >> 48 == 0, "a MAC address has 48 bits")
        self.rawValue = rawValue
    }

    /// Accepts `08:00:27:b2:40:3e`, `08-00-27-B2-40-3E`, `0800.27b2.403e` and `080027b2403e`, in any case.
    public init(_ text: String) throws(RuleViolation) {
        let octets = try Self.parseOctets(text)
        if octets[0] & 1 == 1 {
            throw RuleViolation("is a multicast or broadcast address, not a host's NIC (the first octet must be even)")
        }
        if octets.allSatisfy({ $0 == 0 }) {
            throw RuleViolation("is the all-zero address, not a host's NIC")
        }
        self.init(octets: octets)
    }

    public var octets: [UInt8] {
        (0..<6).map { UInt8(truncatingIfNeeded: rawValue >> UInt64(40 - 8 * $0)) }
    }

    /// `08:00:27:b2:40:3e`: inventory, YAML, JSON, logs, DHCP servers, iPXE's `${net0/mac}`.
    public var description: String { spelled(separator: ":", uppercase: false) }

    /// `08-00-27-b2-40-3e`: per-MAC share folders and files under the HTTP root.
    public var dashed: String { spelled(separator: "-", uppercase: false) }

    /// `08-00-27-B2-40-3E`: what WinPE's `ipconfig /all` prints and unattend.xml's `Identifier`.
    public var windowsSpelling: String { spelled(separator: "-", uppercase: true) }

    /// `01-08-00-27-b2-40-3e`: the per-MAC file name pxelinux asks for (ARP type 1 = Ethernet).
    public var pxelinuxName: String { "01-" + dashed }

    /// Built byte by byte: every renderer spells every MAC, so this runs 10,000s of times per apply.
    public func spelled(separator: String, uppercase: Bool) -> String {
        let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        let gap = Array(separator.utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(12 + 5 * gap.count)
        for index in 0..<6 {
            if index > 0 { bytes += gap }
            let octet = Int(rawValue >> UInt64(40 - 8 * index) & 0xFF)
            bytes.append(digits[octet >> 4])
            bytes.append(digits[octet & 15])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool { lhs.rawValue < rhs.rawValue }

    private static let shapes = "six hex octets such as 08:00:27:b2:40:3e, 08-00-27-b2-40-3e, 0800.27b2.403e or 080027b2403e"

    private static func parseOctets(_ text: String) throws(RuleViolation) -> [UInt8] {
        let bad = RuleViolation("is not a MAC address (expected \(shapes))")
        let hex = Array(text.utf8)
        func isHex(_ c: UInt8) -> Bool {
            (48...57).contains(c) || (65...70).contains(c) || (97...102).contains(c)
        }
        func value(_ c: UInt8) -> UInt8 {
            c <= 57 ? c - 48 : (c | 0x20) - 87
        }
        let groups: [ArraySlice<UInt8>]
        let widths: ClosedRange<Int>
        if hex.contains(UInt8(ascii: ":")) {
            groups = hex.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            widths = 1...2
            guard groups.count == 6 else { throw bad }
        } else if hex.contains(UInt8(ascii: "-")) {
            groups = hex.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
            widths = 2...2
            guard groups.count == 6 else { throw bad }
        } else if hex.contains(UInt8(ascii: ".")) {
            groups = hex.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            widths = 4...4
            guard groups.count == 3 else { throw bad }
        } else {
            groups = [hex[...]]
            widths = 12...12
        }
        var nibbles: [UInt8] = []
        for group in groups {
            guard widths.contains(group.count), group.allSatisfy(isHex) else { throw bad }
            // A one-digit group ("8:0:27:…") stands for a zero-padded octet.
            if group.count == 1 { nibbles.append(0) }
            nibbles.append(contentsOf: group.map(value))
        }
        guard nibbles.count == 12 else { throw bad }
        return stride(from: 0, to: 12, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
    }
}
