public import Fleet

/// The iPXE scripts the boot server answers (ipxe.org docs, FORMATS.md §3). Pure: the same host,
/// profile, site and platform always give the same bytes.
///
/// Boot files come from the HTTP root at `/files/<path>`. Entries that need a syslinux COM32 module
/// (memdisk for a WinPE ISO, `mboot.c32` for Xen and ESXi) chain `pxelinux.0` over HTTP from the
/// TFTP root at `/tftp/`, with option 210 pointing there, so pxelinux reads the very per-MAC entry
/// `apply` wrote. Every value written was validated at the edge, as for pxelinux.
public enum IPXEScript {
    /// What iPXE reports as `${platform}`.
    public enum Platform: String, Sendable, CaseIterable {
        case pcbios, efi

        public init(_ firmware: Firmware) { self = firmware == .uefi ? .efi : .pcbios }
    }

    /// `/boot.ipxe`: asks for the script of the NIC that booted, with what the server may use.
    public static func chain(site: Site) -> String {
        lines([
            "#!ipxe",
            "# ZeroTouch: ask the boot server for this NIC's own script.",
            "chain --autofree \(site.httpBase)/boot?mac=${netX/mac}&uuid=${uuid}&platform=${platform}&buildarch=${buildarch} || goto unreachable",
            ":unreachable",
            "echo ZeroTouch: the boot server did not answer; booting from the local disk",
            "exit",
        ])
    }

    /// The script for one NIC of a host in its current mode. `platform` is what the client reported,
    /// or else the profile's firmware.
    public static func render(host: Host, nic mac: MACAddress, profile: Profile, site: Site, platform reported: Platform? = nil) -> String {
        let platform = reported ?? Platform(profile.firmware)
        let header = ["#!ipxe", "# ZeroTouch: \(host.name) (\(mac)), profile \(profile.name), mode \(host.mode.rawValue)."]
        switch (host.mode, profile.boot) {
        case (.disabled, _):
            return lines(header + localBoot(say: "ZeroTouch: \(host.name) is disabled; booting from the local disk", platform: platform))
        case (.localboot, _), (_, .local):
            return lines(header + localBoot(say: "ZeroTouch: \(host.name) boots from its local disk", platform: platform))
        case (.install, let boot), (.capture, let boot):
            let label = host.mode == .capture ? "capture" : "install"
            let say = "echo ZeroTouch: \(host.name) \(label) \(profile.name)"
            return lines(header + [say] + entry(boot, host: host, mac: mac, site: site, platform: platform))
        }
    }

    /// The answer for a MAC no host has: say so, then boot locally (iPXE must not hang on an error).
    public static func unknown(_ mac: MACAddress?, platform: Platform?) -> String {
        let who = mac.map { "no host has the NIC \($0)" } ?? "this machine sent no MAC"
        return lines(["#!ipxe"] + localBoot(say: "ZeroTouch: \(who); booting from the local disk", platform: platform ?? .pcbios))
    }

    static func entry(_ boot: BootMethod, host: Host, mac: MACAddress, site: Site, platform: Platform) -> [String] {
        let files = "\(site.httpBase)/files"
        switch boot {
        case .winpeISO, .multiboot:
            guard platform == .pcbios else {
                let what = if case .winpeISO = boot { "memdisk (a WinPE ISO)" } else { "mboot.c32 (multiboot)" }
                return ["echo ZeroTouch: \(what) boots BIOS machines only; this one is UEFI. Use winpe: {boot: wimboot} for WinPE.",
                        "exit 1"]
            }
            return ["set 210:string \(site.httpBase)/tftp/", "chain \(site.httpBase)/tftp/pxelinux.0"]
        case .bootManager:
            return ["echo ZeroTouch: Windows' boot manager starts from shim's GRUB, not from iPXE: give this host's NIC the signed shim (a profile with secure_boot on does).",
                    "exit 1"]
        case .wimboot(let wimboot):
            return ["imgfree", "kernel \(files)/\(wimboot.loader)"]
                + wimboot.files(firmware: platform == .efi ? .uefi : .bios).map { "initrd \(files)/\($0.path) \($0.name)" }
                + ["boot"]
        case .kernel(let kernel):
            let names = kernel.initrds.map { $0.value.split(separator: "/").last.map(String.init) ?? $0.value }
            var arguments = names.map { "initrd=\($0)" } + kernel.installerArguments(kickstart: site.kickstartURL(for: mac))
            if !kernel.arguments.isEmpty { arguments.append(kernel.arguments) }
            // What pxelinux's IPAPPEND 2 adds: the installer configures the NIC it booted from.
            arguments.append("BOOTIF=01-\(mac.dashed)")
            return ["imgfree", "kernel \(files)/\(kernel.kernel) \(arguments.joined(separator: " "))"]
                + zip(kernel.initrds, names).map { "initrd --name \($1) \(files)/\($0)" }
                + ["boot"]
        case .local:
            return localBoot(say: "ZeroTouch: \(host.name) boots from its local disk", platform: platform)
        }
    }

    /// BIOS: boot the first disk through INT 13h (plain `exit` does not continue to the disk on every
    /// BIOS); UEFI: `exit` returns to the firmware's next boot option.
    static func localBoot(say: String, platform: Platform) -> [String] {
        ["echo \(say)"] + (platform == .pcbios ? ["sanboot --no-describe --drive 0x80 || exit"] : ["exit"])
    }

    static func lines(_ lines: [String]) -> String { lines.joined(separator: "\n") + "\n" }
}
