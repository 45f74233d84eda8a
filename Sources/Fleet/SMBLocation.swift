/// `smb://host[:port]/share[/dir]`: a folder on an SMB server that ZeroTouch publishes to.
/// Credentials are never part of it (they come from `site.share`), so its text is safe in messages.
public struct SMBLocation: Codable, Sendable, Equatable, CustomStringConvertible {
    public let host: String
    public let port: Int?
    public let share: String
    /// `/`-separated folders under the share; empty for the share's root.
    public let directory: String

    public init(host: String, port: Int?, share: String, directory: String) {
        self.host = host
        self.port = port
        self.share = share
        self.directory = directory
    }

    /// The share itself, without the folder.
    public var shareRoot: SMBLocation { SMBLocation(host: host, port: port, share: share, directory: "") }

    public var description: String {
        "smb://\(host)\(port.map { ":\($0)" } ?? "")/\(share)\(directory.isEmpty ? "" : "/" + directory)"
    }

    static let forbidden = Set("\\:*?\"<>|%")

    public static func parse(_ text: String) throws(RuleViolation) -> SMBLocation {
        let rule = "is not an SMB URL (expected smb://host[:port]/share[/folder])"
        guard text.lowercased().hasPrefix("smb://") else { throw RuleViolation(rule) }
        let rest = text.dropFirst("smb://".count)
        guard !rest.contains("@") else {
            throw RuleViolation("carries credentials; put the account in site.share.user and the password in site.share.password_env or password_file")
        }
        guard !rest.contains(where: { $0 == "?" || $0 == "#" || $0 == " " || ($0.asciiValue ?? 0x20) < 0x20 }) else {
            throw RuleViolation("\(rule); it contains a space, a query or a fragment")
        }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        var components = Array(parts.dropFirst())
        if components.last == "" { components.removeLast() }
        guard let authority = parts.first, !authority.isEmpty, let share = components.first, !share.isEmpty else { throw RuleViolation(rule) }
        var host = Substring(authority)
        var port: Int?
        if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                throw RuleViolation("\(rule); the port must be a number from 1 to 65535")
            }
            port = number
        }
        let hostValid = !host.isEmpty && host.count <= 253 && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
            && !host.hasPrefix("-") && !host.hasPrefix(".")
        guard hostValid else { throw RuleViolation("\(rule); '\(host)' is not a host name or IPv4 address") }
        for component in components {
            guard !component.isEmpty, component != ".", component != "..",
                  !component.contains(where: { forbidden.contains($0) }) else {
                throw RuleViolation("\(rule); the share and folder names may not be empty, '.' or '..', nor contain \\ : * ? \" < > | %")
            }
        }
        guard share.count <= 80 else { throw RuleViolation("\(rule); a share name has at most 80 characters") }
        return SMBLocation(host: String(host), port: port, share: String(share), directory: components.dropFirst().joined(separator: "/"))
    }
}
