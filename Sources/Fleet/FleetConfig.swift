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
    /// Where each site and profile setting was written (`file:line:column`), by field path
    /// (`profiles.w10.answer_file`), for refusals found after the file was read (a missing base file,
    /// an unreadable secret).
    public var locations: [String: String] = [:]

    public init(site: Site, profiles: [String: Profile], hosts: [Host], windowsOverrides: [MACAddress: WindowsSettings] = [:],
                nicNetworks: [MACAddress: HostNetwork] = [:], installOverrides: [MACAddress: InstallSettings] = [:]) {
        self.site = site
        self.profiles = profiles
        self.hosts = hosts
        self.windowsOverrides = windowsOverrides
        self.nicNetworks = nicNetworks
        self.installOverrides = installOverrides
    }

    /// `error` with each issue that has no place yet given the place its field was written.
    public func located(_ error: FleetError) -> FleetError {
        FleetError(error.issues.map { issue in
            guard issue.location == nil, let location = location(of: issue.field) else { return issue }
            return ValidationIssue(field: issue.field, value: issue.value, rule: issue.rule, location: location)
        })
    }

    /// Where `field` was written. A secret is found under its `_env` or `_file` key, and a field a
    /// message qualifies (`profiles.w.arch (host h)`, `host h / profiles.w.product_key`) by its own path.
    public func location(of field: String) -> String? {
        var path = Substring(field)
        if let qualifier = path.range(of: " (host ") { path = path[..<qualifier.lowerBound] }
        if let slash = path.range(of: " / ", options: .backwards) { path = path[slash.upperBound...] }
        let key = String(path)
        return locations[key] ?? locations[key + "_env"] ?? locations[key + "_file"]
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
