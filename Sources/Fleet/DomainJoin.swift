/// Joining an Active Directory domain during specialize (Microsoft-Windows-UnattendedJoin).
public struct DomainJoin: Codable, Sendable, Equatable {
    public let name: String
    /// Full DN of the OU for the computer object; `nil` for the default container.
    public let organizationalUnit: String?
    /// `DOMAIN\user` or `user@domain`.
    public let user: String
    public let password: SecretReference

    public init(name: String, organizationalUnit: String?, user: String, password: SecretReference) {
        self.name = name
        self.organizationalUnit = organizationalUnit
        self.user = user
        self.password = password
    }

    /// The user's domain (`CORP` of `CORP\joiner`, `corp.example.com` of `joiner@corp.example.com`),
    /// or the joined domain when the user names none.
    public var credentialDomain: String {
        if let slash = user.firstIndex(of: "\\") { return String(user[..<slash]) }
        if let at = user.firstIndex(of: "@") { return String(user[user.index(after: at)...]) }
        return name
    }

    public var credentialUser: String {
        if let slash = user.firstIndex(of: "\\") { return String(user[user.index(after: slash)...]) }
        if let at = user.firstIndex(of: "@") { return String(user[..<at]) }
        return user
    }
}
