/// What a Linux or ESXi host's kickstart says beyond its record, and the post actions of any host.
/// Set per profile; a host overrides the root password and the post actions.
public struct InstallSettings: Codable, Sendable, Equatable {
    /// The profile's kickstart template, absolute; `nil` uses the one shipped for its release.
    public var kickstartTemplate: String?
    public var rootPassword: SecretReference?
    /// Seed 001's post actions: kickstart `%post`, ESXi `%firstboot`, Windows first-logon commands.
    public var post: [String]?

    public init(kickstartTemplate: String? = nil, rootPassword: SecretReference? = nil, post: [String]? = nil) {
        self.kickstartTemplate = kickstartTemplate
        self.rootPassword = rootPassword
        self.post = post
    }

    public func overridden(by host: InstallSettings?) -> InstallSettings {
        guard let host else { return self }
        return InstallSettings(kickstartTemplate: kickstartTemplate, rootPassword: host.rootPassword ?? rootPassword, post: host.post ?? post)
    }
}
