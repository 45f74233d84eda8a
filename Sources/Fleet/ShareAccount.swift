/// An account on the share: a user, where its password comes from, and an optional domain.
public struct ShareAccount: Codable, Sendable, Equatable {
    public let user: String
    public let password: SecretReference?
    public let domain: String?

    public init(user: String, password: SecretReference?, domain: String? = nil) {
        self.user = user
        self.password = password
        self.domain = domain
    }
}
