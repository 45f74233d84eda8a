/// One byte range of an HTTP `Range: bytes=…` header (RFC 9110 §14.1.2), resolved against a file size.
public struct ByteRange: Equatable, Sendable {
    public let first: Int
    public let last: Int

    public init(first: Int, last: Int) {
        self.first = first
        self.last = last
    }

    public var count: Int { last - first + 1 }

    public enum Outcome: Equatable, Sendable {
        /// No usable header (absent, another unit, several ranges): send the whole file.
        case whole
        case part(ByteRange)
        /// A range that starts past the end: 416 with `Content-Range: bytes */SIZE`.
        case unsatisfiable
    }

    /// `bytes=A-B`, `bytes=A-` and `bytes=-N`. Several ranges are answered with the whole file,
    /// which the RFC allows, and keeps multipart bodies out of a boot server.
    public static func resolve(_ header: String?, size: Int) -> Outcome {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return .whole }
        let spec = header.dropFirst("bytes=".count).trimmingSpaces()
        guard let dash = spec.firstIndex(of: "-") else { return .whole }
        let start = spec[..<dash], end = spec[spec.index(after: dash)...]
        guard start.allSatisfy(\.isASCIIDigit), end.allSatisfy(\.isASCIIDigit), !(start.isEmpty && end.isEmpty) else { return .whole }
        if start.isEmpty {
            guard let suffix = Int(end), suffix > 0, size > 0 else { return .unsatisfiable }
            return .part(ByteRange(first: max(0, size - suffix), last: size - 1))
        }
        guard let first = Int(start) else { return .unsatisfiable }
        guard first < size else { return .unsatisfiable }
        let last = end.isEmpty ? size - 1 : min(Int(end) ?? size - 1, size - 1)
        guard last >= first else { return .whole }
        return .part(ByteRange(first: first, last: last))
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
