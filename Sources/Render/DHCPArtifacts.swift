public import Fleet

/// The DHCP server's files for the whole fleet. They live wherever `site.dhcp` says (often under
/// `/etc`), so their root is the file system's and their paths are absolute without the leading `/`.
public enum DHCPArtifacts {
    /// `nicNetworks`: extra NICs' own addresses (`FleetConfig.nicNetworks`); other NICs share their host's.
    /// `profiles`: the hosts' profiles, which may need another UEFI loader than the site's.
    public static func render(_ settings: DHCPSettings, site: Site, hosts: [Host], nicNetworks: [MACAddress: HostNetwork] = [:],
                              profiles: [String: Profile] = [:]) -> [Artifact] {
        let boot = DHCPHostBoot(hosts, profiles: profiles, site: settings.loader)
        return switch settings.server {
        case .isc:
            [artifact(settings.output, ISCDHCPConfig.render(settings, site: site, hosts: hosts, nicNetworks: nicNetworks, hostBoot: boot))]
        case .kea:
            [artifact(settings.output, KeaConfig.render(settings, site: site, hosts: hosts, nicNetworks: nicNetworks, hostBoot: boot))]
        case .dnsmasq:
            [artifact(settings.output, DnsmasqConfig.snippet(settings, site: site, hostBoot: boot)),
             artifact(settings.hostsFile, DnsmasqConfig.hostsFile(hosts: hosts, nicNetworks: nicNetworks, hostBoot: boot))]
        case .proxy:
            [artifact(settings.output, DnsmasqConfig.proxy(settings, site: site, hostBoot: boot))]
        }
    }

    /// One self-contained configuration in `format`, for stdout (`zerotouch dhcp`). dnsmasq's
    /// hosts come inline as `dhcp-host=` lines, so the text checks on its own.
    public static func preview(_ format: DHCPSettings.Server, settings: DHCPSettings, site: Site, hosts: [Host],
                               nicNetworks: [MACAddress: HostNetwork] = [:], profiles: [String: Profile] = [:]) -> String {
        let boot = DHCPHostBoot(hosts, profiles: profiles, site: settings.loader)
        return switch format {
        case .isc: ISCDHCPConfig.render(settings, site: site, hosts: hosts, nicNetworks: nicNetworks, hostBoot: boot)
        case .kea: KeaConfig.render(settings, site: site, hosts: hosts, nicNetworks: nicNetworks, hostBoot: boot)
        case .dnsmasq: DnsmasqConfig.snippet(settings, site: site, hostBoot: boot) + DnsmasqConfig.inlineHosts(hosts: hosts, nicNetworks: nicNetworks, hostBoot: boot)
        case .proxy: DnsmasqConfig.proxy(settings, site: site, hostBoot: boot)
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
