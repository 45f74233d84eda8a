public import Fleet

/// Site-wide files: the fallback entry, and which syslinux loader files the TFTP root must hold.
public enum SiteArtifacts {
    /// The fallback entries: pxelinux's, and GRUB's when UEFI machines load shim and GRUB; and the BCD
    /// store of each profile that starts Windows' boot manager.
    public static func render(for profiles: some Collection<Profile> = [Profile](), dhcp: DHCPSettings? = nil) -> [Artifact] {
        var files = [Artifact(root: .tftp, path: "pxelinux.cfg/default", text: PXELinuxConfig.siteDefault(), owner: .site)]
        if loadsGRUB(profiles, dhcp: dhcp) {
            files.append(Artifact(root: .tftp, path: GRUBConfig.sitePath, text: GRUBConfig.site(), owner: .site))
        }
        for profile in profiles.sorted(by: { $0.name < $1.name }) {
            guard case .bootManager(let boot) = profile.boot else { continue }
            let store = BCDStore.RamdiskBoot(directory: boot.directory, firmware: .uefi)
            files.append(Artifact(root: .tftp, path: BCDStore.path(profile: profile.name), content: BCDStore.render(store), owner: .site))
        }
        return files
    }

    /// Whether UEFI machines of these profiles load the signed shim and GRUB (`Profile.uefiLoader`).
    static func loadsGRUB(_ profiles: some Collection<Profile>, dhcp: DHCPSettings?) -> Bool {
        !uefi(profiles, loading: .pxelinux, dhcp: dhcp).isEmpty
    }

    /// The UEFI profiles among `profiles` whose machines DHCP hands `loader`.
    static func uefi(_ profiles: some Collection<Profile>, loading loader: DHCPSettings.Loader, dhcp: DHCPSettings?) -> [Profile] {
        profiles.filter { $0.firmware == .uefi && $0.uefiLoader(site: dhcp?.loader ?? .pxelinux) == loader }
    }

    /// Loader files the entries of these profiles load from the TFTP root (syslinux 6: `ldlinux.c32`
    /// beside `pxelinux.0`; `mboot.c32` needs `libcom32.c32`; x64 UEFI clients load the signed shim and
    /// GRUB, or with `site.dhcp.boot: syslinux` `syslinux.efi`, which needs `ldlinux.e64`).
    /// With `site.dhcp.boot: ipxe`, DHCP hands out iPXE's own loaders instead, so they are added;
    /// with `site.dhcp.http_boot`, iPXE's UEFI loader for HTTP Boot clients. Each UEFI profile adds
    /// the loader its machines get (`Profile.uefiLoader`), which may not be the site's.
    public static func loaderFiles(for profiles: some Collection<Profile>, dhcp: DHCPSettings? = nil) -> [String] {
        var files = ["pxelinux.0", "ldlinux.c32"]
        if let dhcp, dhcp.loader == .ipxe {
            files += [dhcp.loader.biosFile, dhcp.loader.uefiFile]
        } else if !uefi(profiles, loading: .ipxe, dhcp: dhcp).isEmpty {
            files.append(DHCPSettings.Loader.ipxe.uefiFile)
        }
        if let dhcp, dhcp.httpBoot {
            // UEFI HTTP Boot fetches it from 'zerotouch serve', which serves the TFTP root under /tftp/.
            files.append(DHCPSettings.httpBootLoader)
        }
        // shim loads grubx64.efi (grubaa64.efi on arm64) from its own folder, under that name.
        let grub = uefi(profiles, loading: .pxelinux, dhcp: dhcp)
        if grub.contains(where: { $0.arch != .arm64 }) { files += ["shimx64.efi", "grubx64.efi"] }
        if grub.contains(where: { $0.arch == .arm64 }) { files += ["shimaa64.efi", "grubaa64.efi"] }
        if !uefi(profiles, loading: .syslinux, dhcp: dhcp).isEmpty {
            files += ["syslinux.efi", "ldlinux.e64"]
        }
        if profiles.contains(where: { if case .winpeISO = $0.boot { true } else { false } }) {
            files.append("memdisk")
        }
        if profiles.contains(where: { if case .wimboot = $0.boot { true } else { false } }) {
            files += ["linux.c32", "libcom32.c32"]
        }
        let loaders = profiles.compactMap { profile -> String? in
            if case .multiboot(let chain) = profile.boot { chain.loader.value } else { nil }
        }
        if loaders.contains("mboot.c32") {
            files += ["mboot.c32", "libcom32.c32"]
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }
}
