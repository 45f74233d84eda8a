/// A whole configuration: the site, its profiles and the hosts the file declares.
public struct FleetConfig: Sendable, Equatable {
    public let site: Site
    public let profiles: [String: Profile]
    public let hosts: [Host]
    /// Per-host Windows settings from the file, by primary MAC; they override the profile's.
    public let windowsOverrides: [MACAddress: WindowsSettings]
    /// Static addresses of hosts' extra NICs (`nic_addresses` in the file), by the NIC's MAC.
    public let nicNetworks: [MACAddress: HostNetwork]
    /// Per-host root password and post actions from the file, by primary MAC.
    public let installOverrides: [MACAddress: InstallSettings]

    public init(site: Site, profiles: [String: Profile], hosts: [Host], windowsOverrides: [MACAddress: WindowsSettings] = [:],
                nicNetworks: [MACAddress: HostNetwork] = [:], installOverrides: [MACAddress: InstallSettings] = [:]) {
        self.site = site
        self.profiles = profiles
        self.hosts = hosts
        self.windowsOverrides = windowsOverrides
        self.nicNetworks = nicNetworks
        self.installOverrides = installOverrides
    }

    /// A host's kickstart settings and post actions: its profile's, with the host's own on top.
    public func installSettings(for host: Host) -> InstallSettings {
        (profiles[host.profile]?.install ?? InstallSettings()).overridden(by: installOverrides[host.primaryMAC])
    }

    /// Every NIC of `host` that has a static address: the primary NIC with the host's `ip`, then
    /// extra NICs with their own.
    public func networks(of host: Host) -> [(mac: MACAddress, network: HostNetwork)] {
        var result: [(MACAddress, HostNetwork)] = []
        if let network = host.network { result.append((host.primaryMAC, network)) }
        for mac in host.macs.dropFirst() {
            if let network = nicNetworks[mac] { result.append((mac, network)) }
        }
        return result
    }

    /// The Windows settings a host's answer file uses: its profile's, with the host's own on top, and
    /// the post actions after its first-logon commands.
    public func windowsSettings(for host: Host) -> WindowsSettings {
        var settings = (profiles[host.profile]?.windows ?? WindowsSettings()).overridden(by: windowsOverrides[host.primaryMAC])
        if let post = installSettings(for: host).post, !post.isEmpty { settings.firstLogon = (settings.firstLogon ?? []) + post }
        return settings
    }
}
