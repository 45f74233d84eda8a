/// The account a connection logs on with. Handed to libsmbclient through its authentication
/// callback only, so the password is never part of a URL, an argument or a message.
public struct SMBCredentials: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    public let user: String
    public let password: String
    public let domain: String?

    /// Guest access: libsmbclient logs on anonymously when user and password are both empty.
    public static let guest = SMBCredentials(user: "", password: "", domain: nil)

    public init(user: String, password: String, domain: String? = nil) {
        self.user = user
        self.password = password
        self.domain = domain
    }

    /// `dump` and debuggers show the account, never the password.
    public var customMirror: Mirror { Mirror(self, children: ["user": user, "domain": domain as Any], displayStyle: .struct) }

    public var description: String {
        user.isEmpty ? "guest" : (domain.map { "\($0)\\\(user)" } ?? user)
    }
}
