/// Standard Base64 with padding (RFC 4648 §4), for the answer files' encoded passwords.
enum Base64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            var chunk: UInt32 = 0
            for offset in 0..<3 { chunk = chunk << 8 | UInt32(offset < count ? bytes[index + offset] : 0) }
            for offset in 0..<4 {
                out.append(offset <= count ? alphabet[Int(chunk >> UInt32(18 - 6 * offset) & 63)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes padded standard Base64; `nil` for anything else.
    static func decode(_ text: String) -> [UInt8]? {
        let symbols = Array(text.utf8)
        guard symbols.count % 4 == 0 else { return nil }
        var values: [UInt8: UInt32] = [:]
        for (index, symbol) in alphabet.enumerated() { values[symbol] = UInt32(index) }
        var out: [UInt8] = []
        for start in stride(from: 0, to: symbols.count, by: 4) {
            let group = symbols[start..<start + 4]
            let padding = group.reversed().prefix { $0 == UInt8(ascii: "=") }.count
            guard padding <= 2, start + 4 == symbols.count || padding == 0 else { return nil }
            var chunk: UInt32 = 0
            for symbol in group.prefix(4 - padding) {
                guard let value = values[symbol] else { return nil }
                chunk = chunk << 6 | value
            }
            chunk <<= UInt32(6 * padding)
            let bytes = [UInt8(chunk >> 16 & 0xFF), UInt8(chunk >> 8 & 0xFF), UInt8(chunk & 0xFF)]
            out += bytes.prefix(3 - padding)
        }
        return out
    }
}
