import Foundation

/// The file names TFTP clients asked for, read from a QEMU `filter-dump` capture (classic pcap,
/// Ethernet frames): each UDP datagram to port 69 whose payload is a read request (opcode 1).
enum TFTPRequests {
    static func read(_ capture: URL) throws -> [String] {
        let bytes = [UInt8](try Data(contentsOf: capture))
        guard bytes.count >= 24 else { return [] }
        let little = bytes[0] == 0xD4 && bytes[1] == 0xC3
        func u32(_ at: Int) -> Int {
            let b = bytes[at..<at + 4].map(Int.init)
            return little ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[3] | b[2] << 8 | b[1] << 16 | b[0] << 24
        }
        func u16be(_ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
        var names: [String] = []
        var offset = 24
        while offset + 16 <= bytes.count {
            let length = u32(offset + 8)
            let frame = offset + 16
            offset = frame + length
            guard offset <= bytes.count, length > 14 + 20 + 8 + 2, u16be(frame + 12) == 0x0800 else { continue }
            let ip = frame + 14
            let headerLength = Int(bytes[ip] & 0x0F) * 4
            guard bytes[ip + 9] == 17 else { continue }
            let udp = ip + headerLength
            guard udp + 10 <= offset, u16be(udp + 2) == 69, u16be(udp + 8) == 1 else { continue }
            let name = bytes[(udp + 10)..<offset].prefix { $0 != 0 }
            names.append(String(decoding: name, as: UTF8.self))
        }
        return names
    }
}
