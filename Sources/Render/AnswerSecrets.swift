/// Secret values a host's answer file needs, resolved by the caller from the environment or files.
/// Never logged; they only ever reach the rendered answer file.
public struct AnswerSecrets: Sendable {
    public var adminPassword: String?
    public var productKey: String?
    public var joinPassword: String?

    public init(adminPassword: String? = nil, productKey: String? = nil, joinPassword: String? = nil) {
        self.adminPassword = adminPassword
        self.productKey = productKey
        self.joinPassword = joinPassword
    }
}
