public import Fleet

/// The GRUB configuration the signed network GRUB reads on UEFI machines (shim loads it as
/// `grubx64.efi`; its prefix is `/grub` on the TFTP server). Pure: the same host, profile and site
/// always give the same bytes.
///
/// `grub/grub.cfg` sources the booting NIC's own file, `grub/hosts/<mac>.cfg` (`${net_default_mac}`:
/// lowercase with colons), in its own context, so that the host file's `exit` leaves GRUB; a machine
/// with no file of its own gets the site's fallback. Entries are plain commands, not menus: nothing
/// waits for a key. Kernels and initrds come over TFTP (under Secure Boot GRUB has no `http`), by
/// absolute paths on the TFTP server. Every word written is single-quoted, so no value can expand a
/// variable or start a command of its own.
public enum GRUBConfig {
    /// Where the site file and the per-NIC files live on the TFTP root.
    public static let sitePath = "grub/grub.cfg"

    public static func path(of mac: MACAddress) -> String {
        "grub/hosts/\(mac.spelled(separator: ":", uppercase: false)).cfg"
    }

    /// `grub/grub.cfg`: the NIC's own entry, or else the local disk.
    public static func site() -> String {
        lines([
            "# ZeroTouch: each NIC's own entry is grub/hosts/<mac>.cfg; machines without one boot from their local disk.",
            "# Written by 'zerotouch apply'; changes made here are overwritten.",
            "set timeout=0",
            "source \"$prefix/hosts/${net_default_mac}.cfg\"",
        ] + localBoot(say: "ZeroTouch: no entry for this machine; booting from the local disk"))
    }

    /// The file of one NIC of a host, or `nil` when the host gets none (mode `disabled`: the site file applies).
    public static func render(host: Host, nic mac: MACAddress, profile: Profile, site: Site) -> String? {
        let header = ["# ZeroTouch: \(host.name) (\(mac)), profile \(profile.name), mode \(host.mode.rawValue).",
                      "# Written by 'zerotouch apply'; changes made here are overwritten."]
        switch (host.mode, profile.boot) {
        case (.disabled, _):
            return nil
        case (.localboot, _), (_, .local):
            return lines(header + localBoot(say: "ZeroTouch: \(host.name) boots from its local disk"))
        case (.install, .kernel(let kernel)), (.capture, .kernel(let kernel)):
            var arguments = kernel.installerArguments(kickstart: site.kickstartURL(for: mac))
            // What pxelinux's IPAPPEND 2 gives: the installer configures the NIC it booted from.
            arguments.append("BOOTIF=\(mac.pxelinuxName)")
            arguments += kernel.arguments.split(separator: " ").map(String.init)
            return lines(header + [
                "echo \(quoted("ZeroTouch: \(host.name) install \(profile.name)"))",
                "linux \(quoted("/" + kernel.kernel.value)) \(arguments.map(quoted).joined(separator: " "))",
                "initrd \(kernel.initrds.map { quoted("/" + $0.value) }.joined(separator: " "))",
                "boot",
            ] + localBoot(say: "ZeroTouch: \(host.name)'s installer did not start (see above); booting from the local disk"))
        case (.install, .bootManager(let files)), (.capture, .bootManager(let files)):
            // GRUB has the firmware load it, so the firmware checks Microsoft's signature under Secure
            // Boot; the boot manager then reads the BCD named by DHCP option 252 from the same server.
            return lines(header + [
                "echo \(quoted("ZeroTouch: \(host.name) install \(profile.name) (Windows Boot Manager)"))",
                "chainloader \(quoted("/" + files.bootManager.value))",
                "boot",
            ] + localBoot(say: "ZeroTouch: \(host.name)'s boot manager did not start (see above); booting from the local disk"))
        case (.install, let boot), (.capture, let boot):
            let what = switch boot {
            case .winpeISO: "memdisk (a WinPE ISO)"
            case .wimboot: "wimboot"
            default: "mboot.c32 (multiboot)"
            }
            return lines(header + localBoot(
                say: "ZeroTouch: \(host.name) needs \(what), which GRUB does not start; give its machines iPXE (site.dhcp.boot: ipxe). Booting from the local disk"))
        }
    }

    /// Says why, then leaves GRUB: the firmware goes on to its next boot entry (the disk, when the
    /// network comes before it in the boot order).
    static func localBoot(say: String) -> [String] {
        ["echo \(quoted(say))", "exit"]
    }

    /// `word` in single quotes; a quote inside is closed, escaped and reopened (`'\''`), as GRUB's
    /// lexer reads it.
    static func quoted(_ word: String) -> String {
        "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    static func lines(_ lines: [String]) -> String {
        lines.joined(separator: "\n") + "\n"
    }
}
