/// A whole configuration: the site, its profiles and the hosts the file declares.
public struct FleetConfig: Sendable {
    public let site: Site
    public let profiles: [String: Profile]
    public let hosts: [Host]
    /// Per-host Windows settings from the file, by primary MAC; they override the profile's.
    public let windowsOverrides: [MACAddress: WindowsSettings]

    public init(site: Site, profiles: [String: Profile], hosts: [Host], windowsOverrides: [MACAddress: WindowsSettings] = [:]) {
        self.site = site
        self.profiles = profiles
        self.hosts = hosts
        self.windowsOverrides = windowsOverrides
    }

    /// The Windows settings a host's answer file uses: its profile's, with the host's own on top.
    public func windowsSettings(for host: Host) -> WindowsSettings {
        (profiles[host.profile]?.windows ?? WindowsSettings()).overridden(by: windowsOverrides[host.primaryMAC])
    }
}
