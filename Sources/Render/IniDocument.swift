/// An INI file kept line by line, so that personalizing a base changes only the keys it sets: the
/// base's sections, their order, other keys and comments stay as they were. Keys and section names
/// compare case-insensitively, as Windows reads them.
public struct IniDocument: Sendable {
    enum Line: Sendable {
        case section(String, raw: String)
        case entry(key: String, raw: String)
        case other(String)
    }

    var lines: [Line]
    /// The encoding the base came in, which `bytes` writes again.
    public var encoding: AnswerFileText = .utf8

    /// An INI file's bytes in UTF-8 or UTF-16 (`AnswerFileText.detect`).
    public init(decoding bytes: [UInt8]) {
        let (text, encoding) = AnswerFileText.decode(bytes)
        self.init(parsing: text)
        self.encoding = encoding
    }

    public init(parsing text: String) {
        // "\r\n" is one Character in Swift, so split on both forms.
        lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { raw in
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix("["), trimmed.hasSuffix("]") {
                return .section(String(trimmed.dropFirst().dropLast()).trimmingSpaces(), raw: line)
            }
            if !trimmed.hasPrefix(";"), let equals = trimmed.firstIndex(of: "=") {
                return .entry(key: String(trimmed[..<equals]).trimmingSpaces(), raw: line)
            }
            return .other(line)
        }
        while case .other("")? = lines.last { lines.removeLast() }
    }

    /// The value of `key` in `section`, quotes kept; `nil` when absent.
    public func value(_ section: String, _ key: String) -> String? {
        guard let index = entryIndex(section, key), case .entry(_, let raw) = lines[index] else { return nil }
        return String(raw[raw.index(after: raw.firstIndex(of: "=")!)...]).trimmingSpaces()
    }

    /// The line number (1-based) of `key` in `section`.
    public func line(_ section: String, _ key: String) -> Int? {
        entryIndex(section, key).map { $0 + 1 }
    }

    /// Lines that are neither a section, an entry, a comment nor blank (1-based).
    public var unreadableLines: [Int] {
        lines.enumerated().compactMap { index, line in
            if case .other(let raw) = line {
                let trimmed = raw.trimmingSpaces()
                return trimmed.isEmpty || trimmed.hasPrefix(";") || trimmed.hasPrefix("#") ? nil : index + 1
            }
            return nil
        }
    }

    /// Sets `key = value` (the value written as given: the caller quotes it). An existing key keeps
    /// its place and spelling; a new one goes after the section's last entry; a new section at the end.
    public mutating func set(_ section: String, _ key: String, _ value: String) {
        if let index = entryIndex(section, key), case .entry(let spelled, _) = lines[index] {
            lines[index] = .entry(key: spelled, raw: "\(spelled)=\(value)")
            return
        }
        let entry = Line.entry(key: key, raw: "\(key)=\(value)")
        guard let range = sectionRange(section) else {
            if case .other(let last)? = lines.last, last.trimmingSpaces().isEmpty {} else if !lines.isEmpty { lines.append(.other("")) }
            lines.append(.section(section, raw: "[\(section)]"))
            lines.append(entry)
            return
        }
        var insertAt = range.lowerBound + 1
        for index in range.dropFirst() { if case .entry = lines[index] { insertAt = index + 1 } }
        lines.insert(entry, at: insertAt)
    }

    public mutating func remove(_ section: String, _ key: String) {
        if let index = entryIndex(section, key) { lines.remove(at: index) }
    }

    /// Every entry with its section, in file order (entries before any section are in section "").
    public var entries: [(section: String, key: String, value: String)] {
        var section = ""
        var result: [(String, String, String)] = []
        for line in lines {
            switch line {
            case .section(let name, _): section = name
            case .entry(let key, let raw): result.append((section, key, String(raw[raw.index(after: raw.firstIndex(of: "=")!)...]).trimmingSpaces()))
            case .other: break
            }
        }
        return result
    }

    /// The keys of `section`, as spelled, in file order.
    public func keys(in section: String) -> [String] {
        guard let range = sectionRange(section) else { return [] }
        return range.compactMap { if case .entry(let key, _) = lines[$0] { key } else { nil } }
    }

    /// `text` in the base's encoding.
    public var bytes: [UInt8] { encoding.encode(text) }

    /// CRLF line endings, as Windows setup writes and reads them.
    public var text: String {
        lines.map { line -> String in
            switch line {
            case .section(_, let raw), .entry(_, let raw), .other(let raw): raw
            }
        }.joined(separator: "\r\n") + "\r\n"
    }

    private func sectionRange(_ name: String) -> Range<Int>? {
        guard let start = lines.firstIndex(where: { if case .section(let found, _) = $0 { found.lowercased() == name.lowercased() } else { false } })
        else { return nil }
        let end = lines[(start + 1)...].firstIndex { if case .section = $0 { true } else { false } } ?? lines.count
        return start..<end
    }

    private func entryIndex(_ section: String, _ key: String) -> Int? {
        guard let range = sectionRange(section) else { return nil }
        return range.first { if case .entry(let found, _) = lines[$0] { found.lowercased() == key.lowercased() } else { false } }
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
