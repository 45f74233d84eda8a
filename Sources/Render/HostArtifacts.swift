public import Fleet

/// Everything one host needs, across all roots. Pure: the same host, profile and site always give
/// the same bytes.
public enum HostArtifacts {
    public static func render(_ host: Host, profile: Profile, site: Site) -> [Artifact] {
        host.macs.compactMap { mac in
            PXELinuxConfig.render(host: host, nic: mac, profile: profile, site: site).map {
                Artifact(root: .tftp, path: "pxelinux.cfg/\(mac.pxelinuxName)", text: $0, owner: .host(host.primaryMAC))
            }
        }
    }

    /// One artifact kind for one NIC of a host, as `zerotouch render` prints it; `nil` when the host has none.
    public static func render(_ kind: ArtifactKind, host: Host, nic: MACAddress, profile: Profile, site: Site) -> String? {
        switch kind {
        case .pxelinux: PXELinuxConfig.render(host: host, nic: nic, profile: profile, site: site)
        case .ipxe: IPXEScript.render(host: host, nic: nic, profile: profile, site: site)
        // These need templates, base files, secrets and the site key; the use cases render them.
        case .answer, .autorun, .diskpart, .kickstart: nil
        }
    }
}
