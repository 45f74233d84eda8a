/// A whole configuration: the site, its profiles and the hosts the file declares.
public struct FleetConfig: Sendable {
    public let site: Site
    public let profiles: [String: Profile]
    public let hosts: [Host]

    public init(site: Site, profiles: [String: Profile], hosts: [Host]) {
        self.site = site
        self.profiles = profiles
        self.hosts = hosts
    }
}
