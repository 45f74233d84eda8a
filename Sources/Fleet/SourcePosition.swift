/// A line and a column in a text file, as messages show them: both from 1, columns in characters
/// (Unicode scalars), so an editor's "go to" lands on the spot.
public struct SourcePosition: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Where the byte at `offset` is; the bytes before it are UTF-8.
    public init(byteOffset offset: Int, in bytes: [UInt8]) {
        let before = bytes[..<min(offset, bytes.count)]
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        line = before.count { $0 == UInt8(ascii: "\n") } + 1
        // Continuation bytes (10xxxxxx) do not start a character.
        column = before[lineStart...].count { $0 & 0xC0 != 0x80 } + 1
    }

    /// Where the `offset`th Unicode scalar of `text` is.
    public init(scalarOffset offset: Int, in text: String) {
        var line = 1, column = 1
        for scalar in text.unicodeScalars.prefix(offset) {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        self.line = line
        self.column = column
    }

    /// The offset of the first byte of `bytes` that is not part of valid UTF-8, `nil` when all are.
    public static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    public var description: String { "\(line):\(column)" }
}
