import Render

/// The loader files the TFTP root needs, taken from Debian's packages: `pxelinux` and
/// `syslinux-common` (BIOS), `shim-signed` and `grub-efi-amd64-signed` (x64 UEFI, Secure Boot on),
/// `syslinux-efi`, and iPXE's loaders from `ipxe`; or first from the site's own folder (`site.loaders`).
public enum BootLoaderFiles {
    static func systemPath(of name: String) -> String {
        switch name {
        case "pxelinux.0", "lpxelinux.0": "/usr/lib/PXELINUX/\(name)"
        case "memdisk": "/usr/lib/syslinux/memdisk"
        case "syslinux.efi": "/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi"
        case "ldlinux.e64": "/usr/lib/syslinux/modules/efi64/ldlinux.e64"
        case "undionly.kpxe", "ipxe.efi": "/usr/lib/ipxe/\(name)"
        case "shimx64.efi": "/usr/lib/shim/shimx64.efi.signed"
        // The network build: its prefix is /grub on the TFTP server (the disk build has no tftp).
        case "grubx64.efi": "/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed"
        // On an amd64 server these need Debian's arm64 packages unpacked into site.loaders.
        case "shimaa64.efi": "/usr/lib/shim/shimaa64.efi.signed"
        case "grubaa64.efi": "/usr/lib/grub/arm64-efi-signed/grubnetaa64.efi.signed"
        default: "/usr/lib/syslinux/modules/bios/\(name)"
        }
    }

    /// Artifacts for the files found, and a warning for each one missing.
    /// - Parameter folder: searched first, for each file under its TFTP name.
    static func artifacts(named names: [String], from folder: String? = nil) -> (artifacts: [Artifact], warnings: [String]) {
        var artifacts: [Artifact] = []
        var missing: [String] = []
        for name in names {
            let path = systemPath(of: name)
            if let folder, let bytes = try? LocalFile.read(folder + "/" + name) {
                artifacts.append(Artifact(root: .tftp, path: name, content: bytes, owner: .site))
            } else if let bytes = try? LocalFile.read(path) {
                artifacts.append(Artifact(root: .tftp, path: name, content: bytes, owner: .site))
            } else {
                missing.append("\(name) (\(path))")
            }
        }
        let warnings = missing.isEmpty ? [] : [
            "loader files missing on this machine, so not copied to the TFTP root: \(missing.joined(separator: ", ")); "
                + "install Debian's pxelinux and syslinux-common (BIOS), shim-signed and grub-efi-amd64-signed (UEFI), syslinux-efi "
                + "(site.dhcp.boot: syslinux) or ipxe (site.dhcp.boot: ipxe), or put them in site.loaders, then run apply again",
        ]
        return (artifacts, warnings)
    }
}
