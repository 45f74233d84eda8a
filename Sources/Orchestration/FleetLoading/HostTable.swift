import Fleet

/// The hosts of a fleet snapshot, encoded as one string of lines: name, profile, mode, MACs in hex,
/// and `address/prefix/gateway/dns,dns` as numbers, separated by tabs. For 10,000 hosts, one
/// keyed JSON object per host took four times as long to decode as the whole command's budget for it.
struct HostTable: Codable {
    let hosts: [Fleet.Host]

    init(_ hosts: [Fleet.Host]) {
        self.hosts = hosts
    }

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let hosts = Self.hosts(from: Array(text.utf8)[...]) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a host line is not one this build writes"))
        }
        self.hosts = hosts
    }

    func encode(to encoder: any Encoder) throws {
        guard let lines = Self.lines(of: hosts) else {
            throw EncodingError.invalidValue(hosts, .init(codingPath: encoder.codingPath, debugDescription: "a host name or profile holds a tab or a newline"))
        }
        var container = encoder.singleValueContainer()
        try container.encode(lines)
    }

    /// The hosts of `bytes`, read byte by byte: for 10,000 hosts, splitting strings took 20 ms.
    static func hosts(from bytes: ArraySlice<UInt8>) -> [Fleet.Host]? {
        var hosts: [Fleet.Host] = []
        var index = bytes.startIndex
        let end = bytes.endIndex
        /// The bytes up to `stop` (or the line's end), and moves past the stop.
        func field(_ stop: UInt8) -> ArraySlice<UInt8>? {
            let start = index
            while index < end, bytes[index] != stop, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            guard index < end, bytes[index] == stop else { return nil }
            defer { index += 1 }
            return bytes[start..<index]
        }
        func number(_ text: ArraySlice<UInt8>, radix: UInt64, limit: UInt64) -> UInt64? {
            guard !text.isEmpty, text.count <= 16 else { return nil }
            var value: UInt64 = 0
            for byte in text {
                let digit: UInt64
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: digit = UInt64(byte - UInt8(ascii: "a") + 10)
                default: return nil
                }
                value = value * radix + digit
            }
            return value <= limit ? value : nil
        }
        func list(_ text: ArraySlice<UInt8>, radix: UInt64, limit: UInt64) -> [UInt64]? {
            var values: [UInt64] = []
            var start = text.startIndex
            while start < text.endIndex {
                let stop = text[start...].firstIndex(of: UInt8(ascii: ",")) ?? text.endIndex
                guard let value = number(text[start..<stop], radix: radix, limit: limit) else { return nil }
                values.append(value)
                start = stop + 1
            }
            return values
        }
        while index < end {
            guard let name = field(UInt8(ascii: "\t")), let profile = field(UInt8(ascii: "\t")), let modeText = field(UInt8(ascii: "\t")),
                  let macText = field(UInt8(ascii: "\t")), let networkText = field(UInt8(ascii: "\n")),
                  let mode = HostMode(rawValue: String(decoding: modeText, as: UTF8.self)),
                  let macs = list(macText, radix: 16, limit: 1 << 48 - 1), !macs.isEmpty else { return nil }
            var network: HostNetwork?
            if !networkText.isEmpty {
                let parts = networkText.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
                guard parts.count == 4, let address = number(parts[0], radix: 10, limit: UInt64(UInt32.max)),
                      let prefix = number(parts[1], radix: 10, limit: 32),
                      let interface = try? IPv4Interface(address: IPv4Address(rawValue: UInt32(address)), prefixLength: Int(prefix)),
                      let dns = list(parts[3], radix: 10, limit: UInt64(UInt32.max)) else { return nil }
                let gateway = number(parts[2], radix: 10, limit: UInt64(UInt32.max))
                guard parts[2].isEmpty || gateway != nil else { return nil }
                network = HostNetwork(interface: interface, gateway: gateway.map { IPv4Address(rawValue: UInt32($0)) },
                                      dns: dns.map { IPv4Address(rawValue: UInt32($0)) })
            }
            hosts.append(Fleet.Host(name: String(decoding: name, as: UTF8.self), macs: macs.map(MACAddress.init(rawValue:)),
                                    profile: String(decoding: profile, as: UTF8.self), network: network, mode: mode))
        }
        return hosts
    }

    /// One line per host, or `nil` when a value cannot be written on one (validated names cannot hold a tab or newline).
    static func lines(of hosts: [Fleet.Host]) -> String? {
        var text = ""
        text.reserveCapacity(hosts.count * 64)
        for host in hosts {
            guard !host.name.contains(where: { $0 == "\t" || $0 == "\n" }), !host.profile.contains(where: { $0 == "\t" || $0 == "\n" }) else { return nil }
            text += "\(host.name)\t\(host.profile)\t\(host.mode.rawValue)\t"
            text += host.macs.map { String($0.rawValue, radix: 16) }.joined(separator: ",")
            text += "\t"
            if let network = host.network {
                text += "\(network.interface.address.rawValue)/\(network.interface.prefixLength)/\(network.gateway.map { String($0.rawValue) } ?? "")/"
                text += network.dns.map { String($0.rawValue) }.joined(separator: ",")
            }
            text += "\n"
        }
        return text
    }
}
