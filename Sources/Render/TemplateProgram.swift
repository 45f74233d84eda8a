/// A kickstart template compiled once into a tree, rendered per NIC without lookups by reflection.
///
/// ZeroTouch templates use the part of Mustache that `KickstartTemplate.checkNames` allows:
/// variables (`{{x}}`, `{{{x}}}`, `{{&x}}`, never escaped: the output is text), sections and inverted
/// sections over flags, strings and lists (`{{.}}` is the list item), and comments. Standalone
/// section and comment tags take their whole line with them, as the Mustache spec says, so a
/// template reads line by line. swift-mustache rendered the same output at about a tenth of the
/// speed, most of it spent casting `Any` values; a 10,000-host fleet renders 5,000 kickstarts.
struct TemplateProgram: Sendable {
    enum Node: Sendable {
        case text(String)
        case variable(String)
        /// The list item inside a section over a list.
        case item
        case section(name: String, inverted: Bool, body: [Node])
    }

    struct Failure: Error {
        let line: Int
        let message: String
    }

    let nodes: [Node]

    /// - Throws: `Failure` for a section that is never closed or closed under another name.
    init(_ text: String) throws(Failure) {
        var tokens = Self.tokenize(text)
        Self.dropStandaloneLines(&tokens)
        var stack: [(name: String, inverted: Bool, line: Int, body: [Node])] = [(name: "", inverted: false, line: 0, body: [])]
        for token in tokens {
            switch token.kind {
            case .text(let text): if !text.isEmpty { stack[stack.count - 1].body.append(.text(text)) }
            case .variable(let name): stack[stack.count - 1].body.append(name == "." ? .item : .variable(name))
            case .open(let name, let inverted): stack.append((name: name, inverted: inverted, line: token.line, body: []))
            case .close(let name):
                guard stack.count > 1, let open = stack.last, open.name == name else {
                    let expected = stack.count > 1 ? "'{{/\(stack[stack.count - 1].name)}}'" : "no section to close"
                    throw Failure(line: token.line, message: "'{{/\(name)}}' closes a section that is not open here (expected \(expected))")
                }
                stack.removeLast()
                stack[stack.count - 1].body.append(.section(name: open.name, inverted: open.inverted, body: open.body))
            case .comment: break
            }
        }
        if stack.count > 1, let open = stack.last {
            throw Failure(line: open.line, message: "section '{{#\(open.name)}}' is never closed")
        }
        nodes = stack[0].body
    }

    func render(_ values: [String: KickstartModel.Value]) -> String {
        var output = ""
        output.reserveCapacity(4096)
        Self.render(nodes, values: values, item: nil, into: &output)
        return output
    }

    private static func render(_ nodes: [Node], values: [String: KickstartModel.Value], item: String?, into output: inout String) {
        for node in nodes {
            switch node {
            case .text(let text): output += text
            case .item: output += item ?? ""
            case .variable(let name):
                switch values[name] {
                case .text(let value): output += value
                case .flag(true): output += "true"
                case .list(let items): output += items.joined(separator: ",")
                case .flag(false), nil: break
                }
            case .section(let name, let inverted, let body):
                let value = values[name]
                let truthy: Bool = switch value {
                case .text(let text): !text.isEmpty
                case .flag(let flag): flag
                case .list(let items): !items.isEmpty
                case nil: false
                }
                if inverted {
                    if !truthy { render(body, values: values, item: item, into: &output) }
                } else if truthy {
                    if case .list(let items) = value {
                        for each in items { render(body, values: values, item: each, into: &output) }
                    } else {
                        render(body, values: values, item: item, into: &output)
                    }
                }
            }
        }
    }

    // MARK: tokens

    struct Token {
        enum Kind {
            case text(String)
            case variable(String)
            case open(String, inverted: Bool)
            case close(String)
            case comment
        }
        var kind: Kind
        let line: Int

        /// Tags that vanish from the output, and so may stand alone on a line.
        var mayStandAlone: Bool {
            switch kind {
            case .open, .close, .comment: true
            case .text, .variable: false
            }
        }
    }

    /// Splits the text into literal text and tags. Tag syntax was checked by `checkNames` first.
    static func tokenize(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var line = 1
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            let before = rest[..<open.lowerBound]
            tokens.append(Token(kind: .text(String(before)), line: line))
            line += before.utf8.count(where: { $0 == UInt8(ascii: "\n") })
            let afterOpen = rest[open.upperBound...]
            let triple = afterOpen.hasPrefix("{")
            guard let close = afterOpen.range(of: triple ? "}}}" : "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let inside = afterOpen[afterOpen.index(afterOpen.startIndex, offsetBy: triple ? 1 : 0)..<close.lowerBound]
            let tag = String(inside).trimmingSpaces()
            let name = String(tag.dropFirst()).trimmingSpaces()
            let kind: Token.Kind = switch triple ? nil : tag.first {
            case "#": .open(name, inverted: false)
            case "^": .open(name, inverted: true)
            case "/": .close(name)
            case "!", "%": .comment
            case "&": .variable(name)
            default: .variable(tag)
            }
            tokens.append(Token(kind: kind, line: line))
            line += inside.utf8.count(where: { $0 == UInt8(ascii: "\n") })
            rest = afterOpen[close.upperBound...]
        }
        tokens.append(Token(kind: .text(String(rest)), line: line))
        return tokens
    }

    /// Removes the line around each tag that stands alone on it: the spaces before it on its line,
    /// and everything after it up to and including the line's end. Decided on the original text
    /// first, so two standalone tags on neighbouring lines both qualify.
    static func dropStandaloneLines(_ tokens: inout [Token]) {
        func text(_ index: Int) -> Substring? {
            guard tokens.indices.contains(index), case .text(let text) = tokens[index].kind else { return nil }
            return Substring(text)
        }
        func isBlank(_ text: Substring) -> Bool { text.allSatisfy { $0 == " " || $0 == "\t" } }
        var trimEnd = Set<Int>(), trimStart = Set<Int>()
        for index in tokens.indices where tokens[index].mayStandAlone {
            // Tags and text alternate: index - 1 and index + 1 are text.
            guard let before = text(index - 1), let after = text(index + 1) else { continue }
            let lineStart = before.lastIndex(of: "\n").map { before[before.index(after: $0)...] }
            let startsLine = lineStart.map(isBlank) ?? (index == 1 && isBlank(before))
            let lineEnd = after.firstIndex(of: "\n").map { after[..<$0] }
            let endsLine = lineEnd.map { isBlank($0) || $0 == "\r" } ?? (index + 1 == tokens.count - 1 && isBlank(after))
            if startsLine && endsLine {
                trimEnd.insert(index - 1)
                trimStart.insert(index + 1)
            }
        }
        for index in tokens.indices {
            guard var piece = text(index) else { continue }
            if trimStart.contains(index) {
                piece = piece.firstIndex(of: "\n").map { piece[piece.index(after: $0)...] } ?? piece[piece.endIndex...]
            }
            if trimEnd.contains(index) {
                while let last = piece.last, last == " " || last == "\t" { piece.removeLast() }
            }
            tokens[index].kind = .text(String(piece))
        }
    }
}
