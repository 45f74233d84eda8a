/// The account a connection logs on with. Handed to libsmbclient through its authentication
/// callback only, so the password is never part of a URL, an argument or a message.
public struct SMBCredentials: Sendable, Equatable, CustomStringConvertible {
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

    public var description: String {
        user.isEmpty ? "guest" : (domain.map { "\($0)\\\(user)" } ?? user)
    }
}
