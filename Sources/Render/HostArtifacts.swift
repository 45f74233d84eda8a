public import Fleet

/// Everything one host needs, across all roots. Pure: the same host, profile and site always give
/// the same bytes.
public enum HostArtifacts {
    /// Each NIC's pxelinux entry; for a UEFI profile whose machines load shim and GRUB
    /// (`Profile.uefiLoader`), its GRUB file too.
    public static func render(_ host: Host, profile: Profile, site: Site) -> [Artifact] {
        let grub = SiteArtifacts.loadsGRUB([profile], dhcp: site.dhcp)
        return host.macs.flatMap { mac in
            var files: [Artifact] = []
            if let text = PXELinuxConfig.render(host: host, nic: mac, profile: profile, site: site) {
                files.append(Artifact(root: .tftp, path: "pxelinux.cfg/\(mac.pxelinuxName)", text: text, owner: .host(host.primaryMAC)))
            }
            if grub, let text = GRUBConfig.render(host: host, nic: mac, profile: profile, site: site) {
                files.append(Artifact(root: .tftp, path: GRUBConfig.path(of: mac), text: text, owner: .host(host.primaryMAC)))
            }
            return files
        }
    }

    /// One artifact kind for one NIC of a host, as `zerotouch render` prints it; `nil` when the host has none.
    public static func render(_ kind: ArtifactKind, host: Host, nic: MACAddress, profile: Profile, site: Site) -> String? {
        switch kind {
        case .pxelinux: PXELinuxConfig.render(host: host, nic: nic, profile: profile, site: site)
        case .grub: GRUBConfig.render(host: host, nic: nic, profile: profile, site: site)
        case .ipxe: IPXEScript.render(host: host, nic: nic, profile: profile, site: site)
        // These need templates, base files, secrets and the site key; the use cases render them.
        case .answer, .autorun, .diskpart, .kickstart: nil
        }
    }
}
