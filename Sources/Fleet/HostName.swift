/// The rules a host name must follow: NetBIOS for Windows hosts, DNS for the others.
public enum HostNameRule: Sendable {
    /// Windows computer names (unattend.xml ComputerName, Sysprep.inf): at most 15 bytes.
    case netbios
    /// RFC 1123 host names, optionally fully qualified.
    case dns

    /// Characters Windows refuses in a computer name, besides spaces (FORMATS.md §6).
    static let netbiosForbidden = Set("{|}~[\\]^':;<=>?@!\"#$%`()+/.,*&")

    public func check(_ name: String) throws(RuleViolation) {
        switch self {
        case .netbios: try Self.checkNetBIOS(name)
        case .dns: try Self.checkDNS(name)
        }
    }

    private static func checkNetBIOS(_ name: String) throws(RuleViolation) {
        let rule = "(Windows computer names: 1-15 bytes, no spaces, none of {|}~[\\]^':;<=>?@!\"#$%`()+/.,*&, not all digits)"
        guard !name.isEmpty else { throw RuleViolation("is empty \(rule)") }
        guard name.utf8.count <= 15 else { throw RuleViolation("is \(name.utf8.count) bytes, over 15 \(rule)") }
        if let bad = name.first(where: { netbiosForbidden.contains($0) || $0 == " " || !$0.isASCII || $0.asciiValue! < 0x20 || $0.asciiValue! == 0x7F }) {
            throw RuleViolation("contains \(ValidationIssue.quoted(String(bad))) \(rule)")
        }
        if name.allSatisfy(\.isNumber) { throw RuleViolation("is all digits \(rule)") }
    }

    private static func checkDNS(_ name: String) throws(RuleViolation) {
        let rule = "(DNS host names: labels of letters, digits and inner hyphens, 1-63 characters each, 253 in all)"
        guard !name.isEmpty, name.utf8.count <= 253 else { throw RuleViolation("is not 1-253 characters \(rule)") }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard (1...63).contains(label.utf8.count) else { throw RuleViolation("has an empty or over-long label \(rule)") }
            guard label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw RuleViolation("has a character outside letters, digits and hyphens \(rule)")
            }
            guard label.first != "-", label.last != "-" else { throw RuleViolation("has a label that starts or ends with a hyphen \(rule)") }
        }
        if name.allSatisfy({ $0.isNumber || $0 == "." }) { throw RuleViolation("is all digits \(rule)") }
    }

    /// Turns a free-form label (a dhcpd declaration such as `test_pvm`, a MAC) into a name this rule
    /// accepts (at most 15 characters for NetBIOS, one 63-character label for DNS), or `nil` when
    /// nothing usable is left.
    public func derived(from text: String) -> String? {
        var out = ""
        for ch in text.lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) { out.append(ch) } else if out.last != "-" { out.append("-") }
        }
        var clean = Substring(out).drop(while: { $0 == "-" }).prefix(self == .netbios ? 15 : 63)
        while clean.last == "-" { clean = clean.dropLast() }
        return clean.isEmpty || clean.allSatisfy(\.isNumber) ? nil : String(clean)
    }
}
