import Fleet

/// Splits dhcpd.conf text into words, strings and punctuation, with line numbers.
/// `#` starts a comment to the end of the line; strings take `\"` and `\\` escapes.
struct ISCTokenizer {
    struct Token {
        enum Kind { case word, string, open, close, semicolon, comma }
        let kind: Kind
        let text: String
        let line: Int
    }

    struct Failure: Error {
        let line: Int
        let rule: String
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    mutating func next() throws(Failure) -> Token? {
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "\n":
                line += 1
                index += 1
            case " ", "\t", "\r":
                index += 1
            case "#":
                while index < scalars.count && scalars[index] != "\n" { index += 1 }
            case "{", "}", ";", ",":
                index += 1
                let kind: Token.Kind = scalar == "{" ? .open : scalar == "}" ? .close : scalar == ";" ? .semicolon : .comma
                return Token(kind: kind, text: String(scalar), line: line)
            case "\"":
                return try string()
            default:
                let start = index
                while index < scalars.count, !" \t\r\n{};,#\"".unicodeScalars.contains(scalars[index]) { index += 1 }
                var text = ""
                text.unicodeScalars.append(contentsOf: scalars[start..<index])
                return Token(kind: .word, text: text, line: line)
            }
        }
        return nil
    }

    private mutating func string() throws(Failure) -> Token {
        let startLine = line
        index += 1
        var text = ""
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\"":
                return Token(kind: .string, text: text, line: startLine)
            case "\\" where index < scalars.count:
                text.unicodeScalars.append(scalars[index])
                index += 1
            case "\n":
                throw Failure(line: startLine, rule: "has a string that is not closed on its line")
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        throw Failure(line: startLine, rule: "has a string that is not closed before the end of the file")
    }
}
