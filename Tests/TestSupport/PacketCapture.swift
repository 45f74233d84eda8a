public import Foundation

/// The DHCP and TFTP exchange read back from a classic pcap file (what `tcpdump -w` writes on an
/// Ethernet link): the lab's witness of what the firmware asked and what the real daemon answered,
/// whatever the daemon logs.
public struct PacketCapture: Sendable {
    /// One BOOTP/DHCP message (RFC 2131), with the options that decide a network boot.
    public struct DHCPMessage: Sendable, CustomStringConvertible {
        /// 1 request (client to server), 2 reply.
        public let op: UInt8
        /// The transaction ID that ties a reply to its request.
        public let transaction: UInt32
        public let clientMAC: String
        public let yourAddress: String
        /// `siaddr`: the next server, where the boot file is fetched from.
        public let nextServer: String
        /// `giaddr`: the relay that forwarded it, 0.0.0.0 when none did.
        public let relayAddress: String
        /// The fixed `file` field.
        public let file: String
        public let options: [UInt8: [UInt8]]

        /// Option 53: 1 discover, 2 offer, 3 request, 5 ack, 6 nak.
        public var type: UInt8? { options[53]?.first }
        public var isOffer: Bool { type == 2 }
        public var isAck: Bool { type == 5 }
        /// Option 93, the client system architecture (RFC 4578): 0 BIOS, 7 x64 UEFI, 16 x64 UEFI HTTP…
        public var architecture: Int? {
            guard let value = options[93], value.count >= 2 else { return nil }
            return Int(value[0]) << 8 | Int(value[1])
        }
        /// Option 60, the vendor class (`PXEClient:Arch:00007:…`, `HTTPClient:…`).
        public var vendorClass: String? { text(60) }
        /// Option 77, the user class (iPXE sends `iPXE`), without RFC 3004's length prefix when present.
        public var userClass: String? {
            guard let value = options[77], !value.isEmpty else { return nil }
            if Int(value[0]) == value.count - 1 { return String(decoding: value.dropFirst(), as: UTF8.self) }
            return String(decoding: value, as: UTF8.self)
        }
        /// Option 67, or the `file` field when the daemon answered there.
        public var bootFile: String? { text(67) ?? (file.isEmpty ? nil : file) }
        /// Option 54, the server identifier.
        public var serverIdentifier: String? { options[54].flatMap { $0.count == 4 ? $0.map(String.init).joined(separator: ".") : nil } }

        public func text(_ code: UInt8) -> String? {
            guard let value = options[code] else { return nil }
            return String(decoding: value.prefix { $0 != 0 }, as: UTF8.self)
        }

        public var description: String {
            let kind = ["", "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK", "RELEASE", "INFORM"]
            let name = type.map { Int($0) < kind.count ? kind[Int($0)] : "type \($0)" } ?? "BOOTP"
            var parts = ["\(name) \(clientMAC)"]
            if op == 2 { parts += ["yiaddr \(yourAddress)", "siaddr \(nextServer)", "file '\(bootFile ?? "")'"] }
            if relayAddress != "0.0.0.0" { parts.append("giaddr \(relayAddress)") }
            if let architecture { parts.append("arch \(architecture)") }
            if let vendorClass { parts.append("class '\(vendorClass)'") }
            if let userClass { parts.append("user '\(userClass)'") }
            return parts.joined(separator: " ")
        }
    }

    public private(set) var dhcp: [DHCPMessage] = []
    /// The file names of TFTP read requests, in the order they were sent.
    public private(set) var tftpReads: [String] = []

    public init(contentsOf url: URL) throws {
        let data = try Data(contentsOf: url)
        self.init(data: [UInt8](data))
    }

    public init(data bytes: [UInt8]) {
        guard bytes.count >= 24 else { return }
        let little = bytes[0] == 0xD4 && bytes[1] == 0xC3
        func u32(_ at: Int) -> Int {
            let b = bytes[at..<at + 4].map(Int.init)
            return little ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[3] | b[2] << 8 | b[1] << 16 | b[0] << 24
        }
        var at = 24
        while at + 16 <= bytes.count {
            let length = u32(at + 8)
            let start = at + 16
            guard start + length <= bytes.count else { break }
            read(frame: Array(bytes[start..<start + length]))
            at = start + length
        }
    }

    mutating func read(frame: [UInt8]) {
        // Ethernet II, IPv4 only (an 802.1Q tag is stepped over).
        var ip = 14
        guard frame.count > ip + 20 else { return }
        var ethertype = Int(frame[12]) << 8 | Int(frame[13])
        if ethertype == 0x8100 { ethertype = Int(frame[16]) << 8 | Int(frame[17]); ip += 4 }
        guard ethertype == 0x0800, frame[ip] >> 4 == 4, frame[ip + 9] == 17 else { return }
        let udp = ip + Int(frame[ip] & 0x0F) * 4
        guard frame.count >= udp + 8 else { return }
        let destination = Int(frame[udp + 2]) << 8 | Int(frame[udp + 3])
        let payload = Array(frame[(udp + 8)...])
        switch destination {
        case 67, 68, 4011: if let message = Self.dhcp(payload) { dhcp.append(message) }
        case 69:
            guard payload.count > 2, payload[0] == 0, payload[1] == 1 else { return }
            tftpReads.append(String(decoding: payload.dropFirst(2).prefix { $0 != 0 }, as: UTF8.self))
        default: return
        }
    }

    static func dhcp(_ p: [UInt8]) -> DHCPMessage? {
        guard p.count >= 240, p[236...239].elementsEqual([99, 130, 83, 99]) else { return nil }
        func address(_ at: Int) -> String { p[at..<at + 4].map(String.init).joined(separator: ".") }
        var options: [UInt8: [UInt8]] = [:]
        var at = 240
        while at < p.count, p[at] != 255 {
            if p[at] == 0 { at += 1; continue }
            guard at + 1 < p.count else { break }
            let length = Int(p[at + 1])
            guard at + 2 + length <= p.count else { break }
            options[p[at], default: []] += p[(at + 2)..<(at + 2 + length)]
            at += 2 + length
        }
        let mac = p[28..<34].map { String(format: "%02x", $0) }.joined(separator: ":")
        let transaction = p[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return DHCPMessage(op: p[0], transaction: transaction, clientMAC: mac, yourAddress: address(16), nextServer: address(20), relayAddress: address(24),
                           file: String(decoding: p[108..<236].prefix { $0 != 0 }, as: UTF8.self), options: options)
    }

    /// The replies to one client, in order.
    public func replies(to mac: String) -> [DHCPMessage] { dhcp.filter { $0.op == 2 && $0.clientMAC == mac.lowercased() } }
    /// The requests one client sent, in order.
    public func requests(from mac: String) -> [DHCPMessage] { dhcp.filter { $0.op == 1 && $0.clientMAC == mac.lowercased() } }

    /// The ACK to the exchange a request began.
    public func ack(to request: DHCPMessage) -> DHCPMessage? {
        dhcp.first { $0.op == 2 && $0.isAck && $0.transaction == request.transaction && $0.clientMAC == request.clientMAC }
    }

    /// Whether these names were read in this order (other reads may come between: firmware also asks
    /// for files that are not there, such as shim's revocation lists and GRUB's module lists). A leading
    /// slash is not part of the name: GRUB asks for `/grub/grub.cfg`, and TFTP servers read it from the root.
    public func read(inOrder names: [String]) -> Bool {
        var rest = names[...]
        for name in tftpReads where name.drop { $0 == "/" } == rest.first?[...] { rest = rest.dropFirst() }
        return rest.isEmpty
    }

    /// The TFTP reads with repeats of the same name in a row folded (firmware asks for a size first).
    public var distinctTFTPReads: [String] {
        tftpReads.reduce(into: []) { if $0.last != $1 { $0.append($1) } }
    }
}
