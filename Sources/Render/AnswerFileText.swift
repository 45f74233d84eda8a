/// How an answer file's bytes are text. Windows tools write UTF-8, or UTF-16 with a byte order mark
/// (PowerShell 5's `Out-File`, Notepad's "Unicode"); Windows Setup reads both, and Sysprep.inf on
/// Windows 2000/XP/2003 reads UTF-16LE or the system's code page.
public enum AnswerFileText: Sendable, Equatable {
    case utf8
    /// Not UTF-8: an ANSI file in the system's code page, read byte for byte as Latin-1.
    case latin1
    case utf16LittleEndian
    case utf16BigEndian

    /// The encoding of `bytes`: a byte order mark, else the NUL bytes of UTF-16 text that starts in
    /// ASCII (`<`, `[` or `;`), else UTF-8.
    public static func detect(_ bytes: [UInt8]) -> AnswerFileText {
        if bytes.starts(with: [0xFF, 0xFE]) { return .utf16LittleEndian }
        if bytes.starts(with: [0xFE, 0xFF]) { return .utf16BigEndian }
        if bytes.count >= 2, bytes[0] != 0, bytes[1] == 0 { return .utf16LittleEndian }
        if bytes.count >= 2, bytes[0] == 0, bytes[1] != 0 { return .utf16BigEndian }
        return .utf8
    }

    /// The text of `bytes`, without a byte order mark: UTF-16 by its mark or NUL bytes, else UTF-8,
    /// else (not valid UTF-8) Latin-1 byte for byte.
    public static func decode(_ bytes: [UInt8]) -> (text: String, encoding: AnswerFileText) {
        let encoding = detect(bytes)
        switch encoding {
        case .utf8, .latin1:
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            if let text = String(validating: body, as: UTF8.self) { return (text, .utf8) }
            var text = ""
            text.unicodeScalars.append(contentsOf: body.map { Unicode.Scalar($0) })
            return (text, .latin1)
        case .utf16LittleEndian, .utf16BigEndian:
            let little = encoding == .utf16LittleEndian
            var units = stride(from: 0, to: bytes.count - 1, by: 2).map { index in
                little ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8 : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
            }
            if units.first == 0xFEFF { units.removeFirst() }
            return (String(decoding: units, as: UTF16.self), encoding)
        }
    }

    /// `text` in this encoding; UTF-16 with its byte order mark, so every reader knows it.
    public func encode(_ text: String) -> [UInt8] {
        switch self {
        case .utf8: return Array(text.utf8)
        case .latin1:
            // A value beyond Latin-1 cannot go back into the code page: UTF-16LE keeps it, and is read too.
            guard text.unicodeScalars.allSatisfy({ $0.value <= 0xFF }) else { return AnswerFileText.utf16LittleEndian.encode(text) }
            return text.unicodeScalars.map { UInt8($0.value) }
        case .utf16LittleEndian: return [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        case .utf16BigEndian: return [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        }
    }

    /// Whether the first character of the text is `<` (an XML document) after any byte order mark and blanks.
    public static func looksLikeXML(_ bytes: [UInt8]) -> Bool {
        decode(bytes).text.unicodeScalars.first { !" \t\r\n\u{FEFF}".unicodeScalars.contains($0) } == "<"
    }
}
