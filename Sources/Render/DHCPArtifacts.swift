public import Fleet

/// The DHCP server's files for the whole fleet. They live wherever `site.dhcp` says (often under
/// `/etc`), so their root is the file system's and their paths are absolute without the leading `/`.
public enum DHCPArtifacts {
    /// `nicNetworks`: extra NICs' own addresses (`FleetConfig.nicNetworks`); other NICs share their host's.
    /// `profiles`: the hosts' profiles, which may need another UEFI loader than the site's.
    public static func render(_ settings: DHCPSettings, site: Site, hosts: [Host], nicNetworks: [MACAddress: HostNetwork] = [:],
                              profiles: [String: Profile] = [:]) -> [Artifact] {
        let loaders = hostLoaders(hosts, profiles: profiles, site: settings.loader)
        return switch settings.server {
        case .isc:
            [artifact(settings.output, ISCDHCPConfig.render(settings, site: site, hosts: hosts, nicNetworks: nicNetworks, hostLoaders: loaders))]
        case .kea:
            [artifact(settings.output, KeaConfig.render(settings, site: site, hosts: hosts, nicNetworks: nicNetworks, hostLoaders: loaders))]
        case .dnsmasq:
            [artifact(settings.output, DnsmasqConfig.snippet(settings, site: site, hostLoaders: loaders)),
             artifact(settings.hostsFile, DnsmasqConfig.hostsFile(hosts: hosts, nicNetworks: nicNetworks))]
        case .proxy:
            [artifact(settings.output, DnsmasqConfig.proxy(settings, site: site, hostLoaders: loaders))]
        }
    }

    /// The x64 UEFI NICs whose host's profile needs another loader than the site's, with that loader.
    public static func hostLoaders(_ hosts: [Host], profiles: [String: Profile], site loader: DHCPSettings.Loader) -> [MACAddress: DHCPSettings.Loader] {
        var loaders: [MACAddress: DHCPSettings.Loader] = [:]
        for host in hosts {
            guard let profile = profiles[host.profile], profile.firmware == .uefi, profile.arch != .arm64 else { continue }
            let own = profile.uefiLoader(site: loader)
            if own != loader { for mac in host.macs { loaders[mac] = own } }
        }
        return loaders
    }

    /// One self-contained configuration in `format`, for stdout (`zerotouch dhcp`). dnsmasq's
    /// hosts come inline as `dhcp-host=` lines, so the text checks on its own.
    public static func preview(_ format: DHCPSettings.Server, settings: DHCPSettings, site: Site, hosts: [Host],
                               nicNetworks: [MACAddress: HostNetwork] = [:], profiles: [String: Profile] = [:]) -> String {
        let loaders = hostLoaders(hosts, profiles: profiles, site: settings.loader)
        return switch format {
        case .isc: ISCDHCPConfig.render(settings, site: site, hosts: hosts, nicNetworks: nicNetworks, hostLoaders: loaders)
        case .kea: KeaConfig.render(settings, site: site, hosts: hosts, nicNetworks: nicNetworks, hostLoaders: loaders)
        case .dnsmasq: DnsmasqConfig.snippet(settings, site: site, hostLoaders: loaders) + DnsmasqConfig.inlineHosts(hosts: hosts, nicNetworks: nicNetworks)
        case .proxy: DnsmasqConfig.proxy(settings, site: site, hostLoaders: loaders)
        }
    }

    /// The artifact path of an absolute file path.
    public static func path(of file: String) -> String {
        String(file.drop(while: { $0 == "/" }))
    }

    static func artifact(_ file: String, _ text: String) -> Artifact {
        Artifact(root: .dhcp, path: path(of: file), text: text, owner: .site)
    }
}
