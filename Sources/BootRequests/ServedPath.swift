/// A file path from a request URL, checked so it cannot leave the folder it is served from.
///
/// The raw path is percent-decoded once, then every component is checked: no `..` or `.`, no empty
/// component (so no absolute path hides behind `//`), no backslash, no control character. An
/// encoded `%2e%2e` or `%2f` is decoded before the check, so it is caught like the plain form.
public struct ServedPath: Equatable, Sendable {
    public let relative: String

    public struct Refusal: Error, Equatable {
        public let reason: String
    }

    public init(raw: Substring) throws(Refusal) {
        guard let decoded = Self.percentDecoded(raw) else { throw Refusal(reason: "the path has a broken %-escape or is not UTF-8") }
        guard !decoded.isEmpty else { throw Refusal(reason: "no file named") }
        for component in decoded.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { throw Refusal(reason: "the path has an empty component or is absolute") }
            if component == ".." || component == "." { throw Refusal(reason: "the path leaves the served folder") }
            if component.unicodeScalars.contains(where: { $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }) {
                throw Refusal(reason: "the path has a backslash or a control character")
            }
        }
        relative = decoded
    }

    static func percentDecoded(_ raw: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.utf8.count)
        var iterator = raw.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        guard !bytes.contains(0) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
