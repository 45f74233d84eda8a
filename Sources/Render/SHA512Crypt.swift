import Crypto

/// SHA-512 crypt (`$6$salt$hash`, Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512"), the form
/// kickstart's `rootpw --iscrypted` and ESXi take. The default 5000 rounds, written without a
/// `rounds=` field.
public enum SHA512Crypt {
    static let alphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let order: [(Int, Int, Int)] = [
        (0, 21, 42), (22, 43, 1), (44, 2, 23), (3, 24, 45), (25, 46, 4), (47, 5, 26), (6, 27, 48), (28, 49, 7),
        (50, 8, 29), (9, 30, 51), (31, 52, 10), (53, 11, 32), (12, 33, 54), (34, 55, 13), (56, 14, 35), (15, 36, 57),
        (37, 58, 16), (59, 17, 38), (18, 39, 60), (40, 61, 19), (62, 20, 41),
    ]

    /// - Parameter salt: up to 16 characters from the crypt alphabet (longer is cut, as crypt does).
    public static func hash(_ password: String, salt: String) -> String {
        let key = Array(password.utf8)
        let saltBytes = Array(salt.utf8.prefix(16))
        func digest(_ parts: [UInt8]...) -> [UInt8] {
            var hasher = SHA512()
            for part in parts { hasher.update(data: part) }
            return Array(hasher.finalize())
        }
        let b = digest(key, saltBytes, key)
        var a = SHA512()
        a.update(data: key)
        a.update(data: saltBytes)
        a.update(data: repeated(b, to: key.count))
        var length = key.count
        while length > 0 {
            a.update(data: length & 1 == 1 ? b : key)
            length >>= 1
        }
        var c = Array(a.finalize())
        let p = repeated(digest(Array((0..<key.count).flatMap { _ in key })), to: key.count)
        let s = repeated(digest(Array((0..<(16 + Int(c[0]))).flatMap { _ in saltBytes })), to: saltBytes.count)
        for round in 0..<5000 {
            var hasher = SHA512()
            hasher.update(data: round & 1 == 1 ? p : c)
            if round % 3 != 0 { hasher.update(data: s) }
            if round % 7 != 0 { hasher.update(data: p) }
            hasher.update(data: round & 1 == 1 ? c : p)
            c = Array(hasher.finalize())
        }
        var out = Array("$6$".utf8) + saltBytes + [UInt8(ascii: "$")]
        for (x, y, z) in order { out += encode(UInt32(c[x]) << 16 | UInt32(c[y]) << 8 | UInt32(c[z]), count: 4) }
        out += encode(UInt32(c[63]), count: 2)
        return String(decoding: out, as: UTF8.self)
    }

    static func repeated(_ block: [UInt8], to count: Int) -> [UInt8] {
        (0..<count).map { block[$0 % block.count] }
    }

    static func encode(_ value: UInt32, count: Int) -> [UInt8] {
        (0..<count).map { alphabet[Int(value >> UInt32(6 * $0) & 0x3F)] }
    }
}
