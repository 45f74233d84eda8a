/// One refused input: where it was, which field, the value given and the rule it breaks.
public struct ValidationIssue: Error, Sendable, Equatable, CustomStringConvertible {
    /// A path into the configuration, such as `hosts[2].mac`, or a command-line option.
    public let field: String
    /// The offending value as the user gave it; `nil` where the value is a secret or absent.
    public let value: String?
    public let rule: String
    /// `file:line:column` when the value came from a file.
    public let location: String?

    public init(field: String, value: String?, rule: String, location: String? = nil) {
        self.field = field
        self.value = value
        self.rule = rule
        self.location = location
    }

    public init(field: String, value: String?, violation: RuleViolation, location: String? = nil) {
        self.init(field: field, value: value, rule: violation.rule, location: location)
    }

    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        // A field path holds the file's own keys, and a quoted key may hold a newline too.
        text += String(Self.quoted(field, limit: Self.shownLength).dropFirst().dropLast()) + ": "
        if let value {
            // A value of thousands of characters would bury the rule: its start is enough to find it.
            text += Self.quoted(value, limit: Self.shownLength) + (value.count > Self.shownLength ? " (\(value.count) characters) " : " ")
        }
        return text + rule
    }

    /// How much of a value a message shows.
    public static let shownLength = 200

    /// Shows a value on one line, with control characters visible, so a newline in a value
    /// cannot forge a second message line.
    /// - Parameter limit: at most this many characters are shown, then `…` (for values from the network).
    public static func quoted(_ value: some StringProtocol, limit: Int? = nil) -> String {
        var out = "'"
        for scalar in value.prefix(limit ?? value.count).unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + (limit.map { value.count > $0 } == true ? "…'" : "'")
    }
}

/// Everything wrong with one input, reported together so a sysadmin fixes it in one pass.
public struct FleetError: Error, Sendable, CustomStringConvertible {
    public let issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) {
        self.issues = issues
    }

    public init(_ issue: ValidationIssue) {
        self.issues = [issue]
    }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
