public import Fleet

/// Site-wide files: the fallback entry, and which syslinux loader files the TFTP root must hold.
public enum SiteArtifacts {
    public static func render() -> [Artifact] {
        [Artifact(root: .tftp, path: "pxelinux.cfg/default", text: PXELinuxConfig.siteDefault(), owner: nil)]
    }

    /// Loader files the entries of these profiles load from the TFTP root (syslinux 6: `ldlinux.c32`
    /// beside `pxelinux.0`; `mboot.c32` needs `libcom32.c32`).
    public static func loaderFiles(for profiles: some Collection<Profile>) -> [String] {
        var files = ["pxelinux.0", "ldlinux.c32"]
        if profiles.contains(where: { if case .winpeISO = $0.boot { true } else { false } }) {
            files.append("memdisk")
        }
        let loaders = profiles.compactMap { profile -> String? in
            if case .multiboot(let chain) = profile.boot { chain.loader.value } else { nil }
        }
        if loaders.contains("mboot.c32") {
            files += ["mboot.c32", "libcom32.c32"]
        }
        return files
    }
}
