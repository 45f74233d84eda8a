import Render

/// The syslinux loader files the TFTP root needs, taken from Debian's `pxelinux`,
/// `syslinux-common` and (for x64 UEFI) `syslinux-efi` packages, and iPXE's loaders from `ipxe`.
public enum BootLoaderFiles {
    static func systemPath(of name: String) -> String {
        switch name {
        case "pxelinux.0", "lpxelinux.0": "/usr/lib/PXELINUX/\(name)"
        case "memdisk": "/usr/lib/syslinux/memdisk"
        case "syslinux.efi": "/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi"
        case "ldlinux.e64": "/usr/lib/syslinux/modules/efi64/ldlinux.e64"
        case "undionly.kpxe", "ipxe.efi": "/usr/lib/ipxe/\(name)"
        default: "/usr/lib/syslinux/modules/bios/\(name)"
        }
    }

    /// Artifacts for the files found, and a warning for each one missing.
    static func artifacts(named names: [String]) -> (artifacts: [Artifact], warnings: [String]) {
        var artifacts: [Artifact] = []
        var missing: [String] = []
        for name in names {
            let path = systemPath(of: name)
            if let bytes = try? LocalFile.read(path) {
                artifacts.append(Artifact(root: .tftp, path: name, content: bytes, owner: .site))
            } else {
                missing.append("\(name) (\(path))")
            }
        }
        let warnings = missing.isEmpty ? [] : [
            "loader files missing on this machine, so not copied to the TFTP root: \(missing.joined(separator: ", ")); "
                + "install Debian's pxelinux, syslinux-common, syslinux-efi (UEFI) or ipxe (site.dhcp.boot: ipxe), then run apply again",
        ]
        return (artifacts, warnings)
    }
}
