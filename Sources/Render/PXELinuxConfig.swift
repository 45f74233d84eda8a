public import Fleet

/// Renders pxelinux configuration files (syslinux `doc/pxelinux.txt`, FORMATS.md §2).
///
/// Every value written here was validated at the edge: boot paths use a small alphabet, kernel
/// arguments are one printable line, host names follow NetBIOS or DNS rules. So no value can start
/// a keyword line of its own.
public enum PXELinuxConfig {
    /// The per-NIC file `pxelinux.cfg/01-<mac>` for a host in `mode`, or `nil` when the host gets no
    /// entry of its own (mode `disabled`: the site default applies).
    public static func render(host: Host, nic mac: MACAddress, profile: Profile, site: Site) -> String? {
        var lines = ["# ZeroTouch: \(host.name) (\(mac)), profile \(profile.name), mode \(host.mode.rawValue).",
                     "# Written by 'zerotouch apply'; changes made here are overwritten."]
        switch (host.mode, profile.boot) {
        case (.disabled, _):
            return nil
        case (.localboot, _), (_, .local):
            lines += localBoot(say: "ZeroTouch: \(host.name) boots from its local disk")
        case (.install, let boot), (.capture, let boot):
            let label = host.mode == .capture ? "capture" : "install"
            lines += ["DEFAULT \(label)", "PROMPT 0",
                      "SAY ZeroTouch: \(host.name) \(label) \(profile.name)",
                      "LABEL \(label)"]
            lines += entry(boot, mac: mac, site: site).map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `pxelinux.cfg/default`: a host with no entry of its own boots from its disk.
    public static func siteDefault() -> String {
        (["# ZeroTouch: hosts without an entry of their own boot from their local disk.",
          "# Written by 'zerotouch apply'; changes made here are overwritten."]
            + localBoot(say: "ZeroTouch: no entry for this machine; booting from the local disk"))
            .joined(separator: "\n") + "\n"
    }

    static func localBoot(say: String) -> [String] {
        ["DEFAULT local", "PROMPT 0", "SAY \(say)", "LABEL local", "  LOCALBOOT 0"]
    }

    static func entry(_ boot: BootMethod, mac: MACAddress, site: Site) -> [String] {
        switch boot {
        case .winpeISO(let iso):
            return ["KERNEL memdisk", "INITRD \(iso)", "APPEND iso raw"]
        case .wimboot(let files):
            // linux.c32 hands wimboot the files; wimboot knows them by the names after the last '/'.
            let initrds = files.files(firmware: .bios).map(\.path.value).joined(separator: ",")
            return ["COM32 linux.c32", "APPEND \(files.loader) initrdfile=\(initrds)"]
        case .bootManager:
            // UEFI only, started by GRUB: a machine that reads this file booted something else.
            return ["SAY ZeroTouch: Windows' boot manager starts from shim's GRUB on UEFI, not from syslinux", "LOCALBOOT 0"]
        case .kernel(let kernel):
            var arguments = kernel.installerArguments(kickstart: site.kickstartURL(for: mac))
            if !kernel.arguments.isEmpty { arguments.append(kernel.arguments) }
            return ["KERNEL \(kernel.kernel)",
                    "INITRD \(kernel.initrds.map(\.value).joined(separator: ","))",
                    "APPEND \(arguments.joined(separator: " "))",
                    // BOOTIF=01-<mac>: the installer configures the NIC it booted from.
                    "IPAPPEND 2"]
        case .multiboot(let chain):
            let modules = chain.modules.enumerated().map { index, module in
                var words = [module.path.value]
                if !module.arguments.isEmpty { words.append(module.arguments) }
                if index == 0 && chain.passesKickstart { words.append("ks=\(site.kickstartURL(for: mac))") }
                return words.joined(separator: " ")
            }
            return ["KERNEL \(chain.loader)", "APPEND \(modules.joined(separator: " --- "))"]
        case .local:
            return ["LOCALBOOT 0"]
        }
    }
}
