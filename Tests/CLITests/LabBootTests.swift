import Foundation
import TestSupport
import Testing

/// The site's real DHCP daemon — ISC dhcpd, dnsmasq and Kea each — running the configuration apply
/// wrote (wired as `zerotouch dhcp --wiring` prints), with a real TFTP server, on a virtual layer 2 in
/// a namespace of its own (`Scripts/lab`), boots real firmware. The packet capture is the witness: what
/// each firmware asked (options 93, 60, 77) and what the daemon answered (address, next-server, boot
/// file), whatever the daemon logs. QEMU's user-mode DHCP is not in the way.
struct LabBootTests: CommandLineSuite {
    static let daemons = ["isc", "dnsmasq", "kea"]
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    /// Writes the lab's site for this daemon and applies it; returns what apply printed.
    @discardableResult
    /// - Parameter before: runs once the boot files are in place, before apply.
    func writeSite(_ daemon: String, dhcp: String? = nil, extraProfiles: String = "", extraHosts: String = "",
                   before: () throws -> Void = {}) throws -> String {
        let loaders = try SecureBootTests.unpacked.get()
        let guest = try IPXEBootTests.guestImage()
        // The TFTP root for PXE; the HTTP root for what iPXE fetches from 'zerotouch serve'.
        for root in ["tftp", "http"] {
            let files = folder.appendingPathComponent("\(root)/os/guest")
            try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
            for name in ["vmlinuz", "initrd.gz"] {
                try FileManager.default.copyItem(at: guest.appendingPathComponent(name), to: files.appendingPathComponent(name))
            }
        }
        let kea = daemon == "kea" ? ", lease_file: '\(folder.path)/kea.leases'" : ""
        try write("""
            site:
              server: 10.0.3.1
              tftp_root: tftp
              http_root: http
              loaders: '\(loaders.path)'
              share: {target: share, unc: '\\\\10.0.3.1\\zt'}
              dhcp: {server: \(daemon), output: dhcp/zerotouch.conf, subnet: 10.0.3.0/24, interfaces: [br0], \(dhcp ?? "range: 10.0.3.100-10.0.3.150, http_boot: true, subnets: [{subnet: 10.0.4.0/24, routers: [10.0.4.1]}]\(kea)")}
            profiles:
              efi: {os: kickstart, firmware: uefi, kernel: os/guest/vmlinuz, initrd: os/guest/initrd.gz, kernel_args: "console=ttyS0 zt.probe=a$HOME;c#d"}
              plain: {os: kickstart, firmware: uefi, secure_boot: false, kernel: os/guest/vmlinuz, initrd: os/guest/initrd.gz, kernel_args: console=ttyS0}
              bios: {os: kickstart, kernel: os/guest/vmlinuz, initrd: os/guest/initrd.gz, kernel_args: console=ttyS0}
            \(extraProfiles)
            hosts:
              - {mac: "52:54:00:12:39:01", name: lab01, profile: efi, ip: 10.0.3.21/24}
              - {mac: "52:54:00:12:39:02", name: lab02, profile: bios, ip: 10.0.3.22/24}
              - {mac: "52:54:00:12:39:03", name: lab03, profile: plain, ip: 10.0.3.23/24}
            \(dhcp == nil ? "  - {mac: \"52:54:00:12:39:04\", name: far04, profile: bios, ip: 10.0.4.22/24, gateway: 10.0.4.1}" : "")
            \(extraHosts)

            """)
        try before()
        let applied = try run("apply")
        try #require(applied.status == 0, "\(applied.stderr)")
        return applied.output
    }

    struct Boot {
        let console: String
        let capture: PacketCapture
        let logs: String
    }

    /// Runs `Scripts/lab boot` to the end (a child with no signal blocked, so its daemons stop cleanly)
    /// and returns the machine's console, the capture and the daemons' logs.
    func lab(_ mac: String, firmware: String, until marker: String, serve: Bool = false, corporateDHCP: Bool = false, relay: Bool = false,
             clientArchitecture: Int? = nil, work name: String? = nil) throws -> Boot {
        let script = CLIWorkspace.binary.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scripts/lab").path
        let work = scratch.path + "/lab-" + (name ?? firmware)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let output = URL(fileURLWithPath: work + "/lab.out")
        var arguments = [script, "boot", "-c", folder.appendingPathComponent("zerotouch.yaml").path, "--mac", mac,
                         "--address", "10.0.3.1/24", "--firmware", firmware, "--until", marker, "--seconds", "200", "--work", work]
        if serve { arguments.append("--serve") }
        if relay { arguments += ["--relay", "10.0.3.254/24,10.0.4.1/24"] }
        if corporateDHCP { arguments += ["--corporate-dhcp", "10.0.3.2/24", "--corporate-range", "10.0.3.100,10.0.3.150"] }
        if let clientArchitecture { arguments += ["--client-arch", String(clientArchitecture)] }
        let busybox = try IPXEBootTests.guestImage().appendingPathComponent("busybox").path
        let lab = try LiveDaemon(arguments, environment: ["ZEROTOUCH_BIN": CLIWorkspace.binary.path, "ZEROTOUCH_CACHE_DIR": cache, "BUSYBOX": busybox],
                                 log: output, isolated: false)
        defer { lab.stop() }
        _ = Poll.until(seconds: 230) { !lab.isRunning }
        let console = ((try? String(contentsOfFile: work + "/console.log", encoding: .utf8)) ?? "")
            .replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
        let logs = ["isc.out", "dnsmasq.log", "kea.out", "serve.log", "corporate.log"].compactMap { try? String(contentsOfFile: work + "/" + $0, encoding: .utf8) }.joined()
        let capture = try PacketCapture(contentsOf: URL(fileURLWithPath: work + "/capture.pcap"))
        let said = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(console.contains(marker), "the console of \(mac) never showed '\(marker)'; lab said: \(said.suffix(400))\nconsole: \(console.suffix(800))\nlogs: \(logs.suffix(1500))")
        return Boot(console: console, capture: capture, logs: logs)
    }

    /// The machine's first request and the daemon's ACK that ended that exchange.
    func exchange(_ boot: Boot, _ mac: String) throws -> (asked: PacketCapture.DHCPMessage, answered: PacketCapture.DHCPMessage) {
        let asked = try #require(boot.capture.requests(from: mac).first, "no request from \(mac): \(boot.capture.dhcp)")
        let answered = try #require(boot.capture.ack(to: asked), "no ACK to \(mac): \(boot.capture.dhcp)")
        return (asked, answered)
    }

    @Test(arguments: daemons)
    func aSecureBootMachineGetsShimFromTheRealDaemonAndBootsItsOwnEntry(_ daemon: String) throws {
        try writeSite(daemon)
        let boot = try lab("52:54:00:12:39:01", firmware: "secure-boot", until: "ZT-GUEST-UP")
        #expect(boot.console.contains("ZeroTouch: lab01 install efi") && boot.console.contains("Secure boot enabled"))
        #expect(boot.console.contains("inst.ks=http://10.0.3.1:8069/ks/52-54-00-12-39-01.ks BOOTIF=01-52-54-00-12-39-01 console=ttyS0 zt.probe=a$HOME;c#d"),
                "the kernel gets the host's kickstart, the NIC it booted from and the profile's arguments as written, nothing expanded: \(boot.console.suffix(1500))")
        let (asked, answered) = try exchange(boot, "52:54:00:12:39:01")
        #expect(asked.architecture == 7 && asked.vendorClass?.hasPrefix("PXEClient:Arch:00007") == true, "\(asked)")
        #expect(answered.yourAddress == "10.0.3.21" && answered.nextServer == "10.0.3.1" && answered.bootFile == "shimx64.efi", "\(answered)")
        #expect(boot.capture.tftpReads.first == "shimx64.efi"
                && boot.capture.read(inOrder: ["shimx64.efi", "grubx64.efi", "grub/grub.cfg", "grub/hosts/52:54:00:12:39:01.cfg", "os/guest/vmlinuz", "os/guest/initrd.gz"]),
                "what the machine read over TFTP, in order: \(boot.capture.distinctTFTPReads)")
    }

    @Test(arguments: daemons)
    func aBIOSMachineGetsPxelinuxFromTheRealDaemonAndBootsItsOwnEntry(_ daemon: String) throws {
        try writeSite(daemon)
        let boot = try lab("52:54:00:12:39:02", firmware: "bios", until: "ZT-GUEST-UP")
        #expect(boot.console.contains("ZeroTouch: lab02 install bios"))
        let (asked, answered) = try exchange(boot, "52:54:00:12:39:02")
        #expect(asked.architecture == 0 && asked.vendorClass?.hasPrefix("PXEClient:Arch:00000") == true, "\(asked)")
        // QEMU's NIC ROM is an iPXE: with http_boot on, only an x64 UEFI iPXE is sent on to the boot
        // server, so this one still gets the site's loader.
        #expect(asked.userClass == "iPXE")
        #expect(answered.yourAddress == "10.0.3.22" && answered.nextServer == "10.0.3.1" && answered.bootFile == "pxelinux.0", "\(answered)")
        #expect(boot.capture.tftpReads.first == "pxelinux.0"
                && boot.capture.read(inOrder: ["pxelinux.0", "ldlinux.c32", "pxelinux.cfg/01-52-54-00-12-39-02", "os/guest/vmlinuz", "os/guest/initrd.gz"]),
                "\(boot.capture.distinctTFTPReads)")
    }

    /// A boot sector that writes `ZT-ISO-BOOTED` to COM1 and halts: the media's `Boot/etfsboot.com`
    /// for `winpe build`, so that the ISO it makes shows it started. Position-independent (the loader
    /// may run it at 0000:7C00 or 07C0:0000): it finds its text from its own address.
    static let isoBootSector: [UInt8] = {
        let code: [UInt8] = [0x0E, 0x1F, 0xE8, 0x00, 0x00, 0x5E, 0x83, 0xC6, 0x12,  // ds = cs; si = the text
                             0xAC, 0x84, 0xC0, 0x74, 0x06, 0xBA, 0xF8, 0x03, 0xEE, 0xEB, 0xF5,  // each byte to port 0x3F8
                             0xF4, 0xEB, 0xFD]  // halt
        let bytes = code + Array("ZT-ISO-BOOTED\r\n".utf8) + [0]
        return bytes + [UInt8](repeating: 0, count: 2048 - bytes.count)
    }()

    /// Issue 23's ISO path end to end: `zerotouch winpe build` makes winpe.iso from media whose El Torito
    /// image is the boot sector above, apply points a BIOS profile's memdisk entry at it, and a BIOS
    /// machine on the lab network loads pxelinux, memdisk and the ISO, and the ISO's boot image runs.
    @Test func theISOWinPEBuildMakesBootsThroughMemdisk() throws {
        try writeSite("dnsmasq", extraProfiles: """
              w10: {os: windows, winpe: {boot: memdisk, iso: winpe/winpe.iso}, image: {wim: images/w10.wim, index: 1}}
            """, extraHosts: """
              - {mac: "52:54:00:12:39:12", name: LAB12, profile: w10, ip: 10.0.3.32/24}
            """, before: {
                let media = folder.appendingPathComponent("media")
                let source = folder.appendingPathComponent("pe-src/Windows/System32")
                for path in [media.appendingPathComponent("Boot"), media.appendingPathComponent("sources"), source] {
                    try FileManager.default.createDirectory(at: path, withIntermediateDirectories: true)
                }
                try write("@echo off\r\nwpeinit\r\n", to: "pe-src/Windows/System32/startnet.cmd")
                let wim = try ProcessRunner.run("wimlib-imagex", ["capture", folder.appendingPathComponent("pe-src").path, media.appendingPathComponent("sources/boot.wim").path,
                                                                  "Microsoft Windows PE", "--image-property", "WINDOWS/ARCH=9"])
                try #require(wim.status == 0, "\(wim.output)")
                try Data(Self.isoBootSector).write(to: media.appendingPathComponent("Boot/etfsboot.com"))
                try write("bcd", to: "media/Boot/BCD")
                try write("sdi", to: "media/Boot/boot.sdi")
                let built = try run("winpe", "build", "--media", media.path, "--out", "tftp/winpe")
                try #require(built.status == 0, "\(built.output)")
            })
        let boot = try lab("52:54:00:12:39:12", firmware: "bios", until: "ZT-ISO-BOOTED", work: "memdisk-iso")
        #expect(boot.console.contains("MEMDISK"), "memdisk started the ISO: \(boot.console.suffix(1500))")
        #expect(boot.capture.read(inOrder: ["pxelinux.0", "pxelinux.cfg/01-52-54-00-12-39-12", "memdisk", "winpe/winpe.iso"]), "\(boot.capture.distinctTFTPReads)")
    }

    /// For old setups, `site.dhcp.boot: syslinux`: a UEFI machine with Secure Boot off gets Debian's
    /// syslinux.efi, which reads ldlinux.e64 and the machine's own per-MAC entry.
    @Test(arguments: daemons)
    func withBootSyslinuxAUEFIMachineLoadsSyslinuxEFIAndItsOwnEntry(_ daemon: String) throws {
        let kea = daemon == "kea" ? ", lease_file: '\(folder.path)/kea.leases'" : ""
        try writeSite(daemon, dhcp: "range: 10.0.3.100-10.0.3.150, boot: syslinux\(kea)")
        #expect(exists("tftp/syslinux.efi") && exists("tftp/ldlinux.e64"), "apply copies the UEFI loader for a UEFI profile")
        let boot = try lab("52:54:00:12:39:03", firmware: "uefi", until: "ZeroTouch: lab03 install plain", work: "syslinux")
        let (_, answered) = try exchange(boot, "52:54:00:12:39:03")
        #expect(answered.yourAddress == "10.0.3.23" && answered.bootFile == "syslinux.efi", "\(answered)")
        #expect(boot.capture.read(inOrder: ["syslinux.efi", "ldlinux.e64", "pxelinux.cfg/01-52-54-00-12-39-03"]), "\(boot.capture.distinctTFTPReads)")
    }

    /// A machine no host has gets a lease from the range and the site's default entry, which boots its
    /// disk; a host in local boot gets its own entry, which does the same.
    @Test(arguments: daemons)
    func anUnknownMachineAndAHostInLocalBootBootTheirDisks(_ daemon: String) throws {
        try writeSite(daemon, extraHosts: """
              - {mac: "52:54:00:12:39:06", name: lab06, profile: bios, ip: 10.0.3.26/24, mode: localboot}
            """)
        let unknown = try lab("52:54:00:12:39:99", firmware: "bios", until: "ZeroTouch: no entry for this machine; booting from the local disk", work: "unknown")
        let (_, lease) = try exchange(unknown, "52:54:00:12:39:99")
        let last = Int(lease.yourAddress.split(separator: ".").last ?? "") ?? 0
        #expect(lease.yourAddress.hasPrefix("10.0.3.") && (100...150).contains(last) && lease.bootFile == "pxelinux.0", "a lease from the range: \(lease)")
        #expect(unknown.capture.read(inOrder: ["pxelinux.0", "pxelinux.cfg/01-52-54-00-12-39-99", "pxelinux.cfg/default"]), "\(unknown.capture.distinctTFTPReads)")
        let local = try lab("52:54:00:12:39:06", firmware: "bios", until: "ZeroTouch: lab06 boots from its local disk", work: "local")
        #expect(try exchange(local, "52:54:00:12:39:06").answered.yourAddress == "10.0.3.26")
        #expect(!local.console.contains("Linux version") && !unknown.console.contains("Linux version"), "no kernel starts")
    }

    @Test(arguments: daemons)
    func aUEFIHTTPBootMachineGetsIPXEByURLAndInstallsOverHTTPAlone(_ daemon: String) throws {
        try writeSite(daemon)
        let boot = try lab("52:54:00:12:39:03", firmware: "uefi-http", until: "ZT-POSTED-done", serve: true)
        #expect(boot.console.contains("URI: http://10.0.3.1:8069/tftp/ipxe.efi") && boot.console.contains("ZT-POSTED-started"))
        let requests = boot.capture.requests(from: "52:54:00:12:39:03")
        let firmware = try #require(requests.first)
        #expect(firmware.architecture == 16 && firmware.vendorClass?.hasPrefix("HTTPClient:Arch:00016") == true, "\(firmware)")
        let http = try #require(boot.capture.ack(to: firmware), "\(boot.capture.dhcp)")
        #expect(http.yourAddress == "10.0.3.23" && http.text(67) == "http://10.0.3.1:8069/tftp/ipxe.efi", "\(http)")
        #expect(http.vendorClass == "HTTPClient", "UEFI takes an HTTP Boot offer only with its vendor class echoed")
        // iPXE asks again, as itself, and is sent the boot server's chain script, not iPXE once more.
        let ipxe = try #require(requests.first { $0.userClass == "iPXE" }, "\(requests)")
        #expect(ipxe.architecture == 7)
        let chained = try #require(boot.capture.ack(to: ipxe), "\(boot.capture.dhcp)")
        #expect(chained.bootFile == "http://10.0.3.1:8069/boot.ipxe" && chained.vendorClass == nil, "\(chained)")
        #expect(boot.capture.tftpReads.isEmpty, "nothing came over TFTP: \(boot.capture.tftpReads)")
        // The callbacks reached the boot server in the lab: the host is installed and flipped to local boot.
        let status = try run("status", "52:54:00:12:39:03").stdout
        #expect(status.contains("installed") && status.contains("localboot"), "\(status)")
    }

    /// Issue 9's scenarios 3 and 4 on the real daemons: with `boot: ipxe`, a BIOS machine (QEMU's NIC
    /// ROM is an iPXE) and a UEFI machine (EDK2's PXE loads `ipxe.efi` over TFTP) are sent by DHCP to the
    /// boot server, install over HTTP with their token, flip to local boot, and then boot their disk;
    /// a machine that posts a forged token changes nothing, and no token reaches the server's log.
    @Test(arguments: daemons, ["bios", "uefi"])
    func iPXEInstallsOverHTTPFlipsToLocalBootAndRefusesAForgedToken(_ daemon: String, _ firmware: String) throws {
        let kea = daemon == "kea" ? ", lease_file: '\(folder.path)/kea.leases'" : ""
        try writeSite(daemon, dhcp: "range: 10.0.3.100-10.0.3.150, boot: ipxe\(kea)", extraProfiles: """
              forger: {os: kickstart, kernel: os/guest/vmlinuz, initrd: os/guest/initrd.gz, kernel_args: console=ttyS0 zt_wrong_token}
            """, extraHosts: """
              - {mac: "52:54:00:12:39:05", name: forger05, profile: forger, ip: 10.0.3.25/24}
            """)
        let mac = firmware == "uefi" ? "52:54:00:12:39:03" : "52:54:00:12:39:02"
        let name = firmware == "uefi" ? "lab03" : "lab02"
        let first = try lab(mac, firmware: firmware, until: "ZT-GUEST-END", serve: true, work: "install")
        #expect(first.console.contains("ZeroTouch: \(name) install") && first.console.contains("ZT-POSTED-done"), "\(first.console.suffix(600))")
        #expect(first.console.contains("http://10.0.3.1:8069/files/os/guest/initrd.gz"), "kernel and initrd came over HTTP")
        let (asked, answered) = try exchange(first, mac)
        #expect(asked.architecture == (firmware == "uefi" ? 7 : 0))
        if firmware == "uefi" {
            #expect(answered.bootFile == "ipxe.efi" && first.capture.tftpReads.first == "ipxe.efi", "EDK2 loads iPXE over TFTP: \(answered)")
        }
        let chained = try #require(first.capture.requests(from: mac).first { $0.userClass == "iPXE" }.flatMap { first.capture.ack(to: $0) })
        #expect(chained.bootFile == "http://10.0.3.1:8069/boot.ipxe", "\(chained)")
        let status = try run("status", mac).stdout
        #expect(status.contains("installed") && status.contains("localboot"), "\(status)")
        let again = try lab(mac, firmware: firmware, until: "boots from its local disk", serve: true, work: "again")
        #expect(again.console.contains("ZeroTouch: \(name) boots from its local disk"))

        // The forged token once per daemon: the callback path is the same whatever the firmware.
        guard firmware == "bios" else { return }
        let forged = try lab("52:54:00:12:39:05", firmware: "bios", until: "ZT-REFUSED-done", serve: true, work: "forged")
        #expect(forged.console.contains("ZT-REFUSED-started"))
        let forgedStatus = try run("status", "52:54:00:12:39:05").stdout
        #expect(forgedStatus.contains("booting") && forgedStatus.contains(" install "), "a wrong token changes nothing: \(forgedStatus)")
        #expect(forged.logs.contains("callback refused: missing or wrong token"), "and is logged")
        let token = try run("host", "token", mac).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!token.isEmpty && !(first.logs + again.logs + forged.logs).contains(token), "tokens never reach the log")
    }

    /// Under Secure Boot, GRUB's site file sends a machine no host has to its disk, and so does a
    /// host's entry in local boot: no kernel starts. The DHCP answers are the other tests' business, so
    /// one daemon is enough.
    @Test func underSecureBootAnUnknownMachineAndAHostInLocalBootStartNoKernel() throws {
        try writeSite("dnsmasq", extraHosts: """
              - {mac: "52:54:00:12:39:07", name: lab07, profile: efi, ip: 10.0.3.27/24, mode: localboot}
            """)
        let unknown = try lab("52:54:00:12:39:98", firmware: "secure-boot", until: "ZeroTouch: no entry for this machine; booting from the local disk", work: "sb-unknown")
        #expect(unknown.capture.read(inOrder: ["shimx64.efi", "grubx64.efi", "grub/grub.cfg", "grub/hosts/52:54:00:12:39:98.cfg"]), "\(unknown.capture.distinctTFTPReads)")
        let local = try lab("52:54:00:12:39:07", firmware: "secure-boot", until: "ZeroTouch: lab07 boots from its local disk", work: "sb-local")
        #expect(!local.console.contains("Linux version") && !unknown.console.contains("Linux version"), "no kernel starts")
    }

    /// A kernel whose signature was stripped, on a profile that says Secure Boot is off, run on a
    /// machine where it is on: shim stops it (apply refuses it for a Secure Boot profile, see
    /// SecureBootTests). With Secure Boot off, the same kernel boots.
    @Test func shimStopsAnUnsignedKernelAndItBootsWithSecureBootOff() throws {
        try writeSite("dnsmasq", extraProfiles: """
              unsigned: {os: kickstart, firmware: uefi, secure_boot: false, kernel: os/plain/vmlinuz, initrd: os/guest/initrd.gz, kernel_args: console=ttyS0}
            """, extraHosts: """
              - {mac: "52:54:00:12:39:08", name: lab08, profile: unsigned, ip: 10.0.3.28/24}
            """, before: {
                let plain = folder.appendingPathComponent("tftp/os/plain")
                try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: folder.appendingPathComponent("tftp/os/guest/vmlinuz"), to: plain.appendingPathComponent("vmlinuz"))
                let stripped = try ProcessRunner.run(try SecureBootTests.unpacked.get().appendingPathComponent("bin/sbattach").path,
                                                     ["--remove", plain.appendingPathComponent("vmlinuz").path])
                try #require(stripped.status == 0, "sbattach: \(stripped.stderr)")
            })
        let refused = try lab("52:54:00:12:39:08", firmware: "secure-boot", until: "bad shim signature", work: "sb-unsigned")
        #expect(refused.console.contains("ZeroTouch: lab08 install unsigned") && !refused.console.contains("Linux version"))
        let booted = try lab("52:54:00:12:39:08", firmware: "uefi", until: "ZT-GUEST-UP", work: "unsigned")
        #expect(booted.console.contains("ZeroTouch: lab08 install unsigned"))
    }

    /// A client of an architecture the site has no loader for (RISC-V 64 UEFI, option 93 = 27) gets an
    /// address and no boot file: none is taken for another. ISC dhcpd logs it.
    @Test(arguments: daemons)
    func aClientOfAnUnknownArchitectureGetsALeaseButNoBootFile(_ daemon: String) throws {
        try writeSite(daemon)
        let boot = try lab("52:54:00:12:39:27", firmware: "bios", until: "ZT-CLIENT-LEASED", clientArchitecture: 27, work: "riscv")
        let (asked, answered) = try exchange(boot, "52:54:00:12:39:27")
        #expect(asked.architecture == 27 && asked.vendorClass == "PXEClient:Arch:00027:UNDI:003016", "\(asked)")
        #expect(answered.yourAddress.hasPrefix("10.0.3.1") && (answered.bootFile ?? "").isEmpty && answered.options[67] == nil, "\(answered)")
        if daemon == "isc" {
            #expect(boot.logs.contains("zerotouch: no boot file for client architecture 27 of 52:54:0:12:39:27"), "\(boot.logs.suffix(800))")
        }
    }

    /// A mixed site: `boot: ipxe` for the fleet, and a profile with Secure Boot on, whose machines
    /// iPXE cannot start. DHCP hands that host the signed shim by its MAC, and it boots its own GRUB
    /// entry with Secure Boot enforced; the other UEFI hosts keep iPXE (the test above).
    @Test(arguments: daemons)
    func aSecureBootHostOnAnIPXESiteGetsShimByItsMAC(_ daemon: String) throws {
        let kea = daemon == "kea" ? ", lease_file: '\(folder.path)/kea.leases'" : ""
        try writeSite(daemon, dhcp: "range: 10.0.3.100-10.0.3.150, boot: ipxe\(kea)")
        #expect(exists("tftp/ipxe.efi") && exists("tftp/shimx64.efi") && exists("tftp/grub/hosts/52:54:00:12:39:01.cfg"))
        #expect(!exists("tftp/grub/hosts/52:54:00:12:39:03.cfg"), "the iPXE host has no GRUB entry")
        let secure = try run("explain", "52:54:00:12:39:01", "--firmware", "uefi").stdout
        let plain = try run("explain", "52:54:00:12:39:03", "--firmware", "uefi").stdout
        #expect(secure.contains("x64 UEFI PXE (option 93 = 7) clients are sent shimx64.efi") && secure.contains("grub/hosts/52:54:00:12:39:01.cfg"), "\(secure)")
        #expect(plain.contains("x64 UEFI PXE (option 93 = 7) clients are sent ipxe.efi"), "\(plain)")
        let boot = try lab("52:54:00:12:39:01", firmware: "secure-boot", until: "ZT-GUEST-UP", work: "secure")
        #expect(boot.console.contains("ZeroTouch: lab01 install efi") && boot.console.contains("Secure boot enabled"))
        let (_, answered) = try exchange(boot, "52:54:00:12:39:01")
        #expect(answered.yourAddress == "10.0.3.21" && answered.nextServer == "10.0.3.1" && answered.bootFile == "shimx64.efi", "\(answered)")
        #expect(boot.capture.read(inOrder: ["shimx64.efi", "grubx64.efi", "grub/grub.cfg", "grub/hosts/52:54:00:12:39:01.cfg", "os/guest/vmlinuz"]),
                "\(boot.capture.distinctTFTPReads)")
    }

    /// A Windows host whose profile starts Windows' own boot manager (`winpe: {boot: bootmgr}`) on a
    /// machine with Secure Boot on: DHCP gives it shim and option 252, the TFTP path of the BCD store
    /// apply wrote for the profile; GRUB chainloads the boot manager from the profile's folder and the
    /// firmware checks Microsoft's signature before it starts it. Microsoft's binaries are not here,
    /// so the boot manager is a stand-in Microsoft signed: Debian's shim, which says where it was
    /// loaded from (the NIC, then `\winpe\w11\bootmgfw.efi`) and then fails to find a GRUB beside it
    /// on a file system, which is the stand-in's own end. The store's content is BCDStoreTests'.
    @Test(arguments: daemons)
    func aWindowsSecureBootHostChainsToTheBootManagerAndGetsItsBCDPath(_ daemon: String) throws {
        try writeSite(daemon, extraProfiles: """
              w11: {os: windows, firmware: uefi, winpe: {boot: bootmgr, dir: winpe/w11}, image: {wim: images/w11.wim, index: 1}}
            """, extraHosts: """
              - {mac: "52:54:00:12:39:11", name: LAB11, profile: w11, ip: 10.0.3.31/24}
            """, before: {
                let tree = folder.appendingPathComponent("tftp/winpe/w11")
                for sub in ["Boot", "sources"] { try FileManager.default.createDirectory(at: tree.appendingPathComponent(sub), withIntermediateDirectories: true) }
                try FileManager.default.copyItem(at: try SecureBootTests.unpacked.get().appendingPathComponent("shimx64.efi"), to: tree.appendingPathComponent("bootmgfw.efi"))
                try write("sdi", to: "tftp/winpe/w11/Boot/boot.sdi")
                try write("wim", to: "tftp/winpe/w11/sources/boot.wim")
            })
        #expect(exists("tftp/bcd/w11.bcd"), "apply wrote the profile's BCD store")
        #expect(file("tftp/grub/hosts/52:54:00:12:39:11.cfg")?.contains("chainloader '/winpe/w11/bootmgfw.efi'") == true)
        let boot = try lab("52:54:00:12:39:11", firmware: "secure-boot", until: "Failed to load image \\winpe\\w11\\grubx64.efi", work: "bootmgr")
        #expect(boot.console.contains("ZeroTouch: LAB11 install w11 (Windows Boot Manager)"), "\(boot.console.suffix(1500))")
        #expect(boot.console.contains("MacAddr(52:54:00:12:39:11,1)/File(\\winpe\\w11)") && !boot.console.lowercased().contains("security violation"),
                "the firmware started the Microsoft-signed image from the profile's folder on the NIC: \(boot.console.suffix(1500))")
        let (_, answered) = try exchange(boot, "52:54:00:12:39:11")
        #expect(answered.yourAddress == "10.0.3.31" && answered.bootFile == "shimx64.efi", "\(answered)")
        #expect(answered.text(252) == "\\bcd\\w11.bcd", "option 252 names the profile's store: \(answered)")
        #expect(boot.capture.read(inOrder: ["shimx64.efi", "grubx64.efi", "grub/grub.cfg", "grub/hosts/52:54:00:12:39:11.cfg", "winpe/w11/bootmgfw.efi"]),
                "\(boot.capture.distinctTFTPReads)")
    }

    /// The normal case in a company: the machine is on another subnet, and a router's DHCP relay
    /// (`ip helper-address`; here Debian's dhcrelay in a router namespace) forwards its broadcast.
    @Test(arguments: daemons)
    func aMachineBehindARelayGetsItsReservationFromTheFarSubnetAndBoots(_ daemon: String) throws {
        try writeSite(daemon)
        let boot = try lab("52:54:00:12:39:04", firmware: "bios", until: "ZT-GUEST-UP", relay: true)
        #expect(boot.console.contains("ZeroTouch: far04 install bios") && boot.console.contains("net0: 10.0.4.22/255.255.255.0 gw 10.0.4.1"))
        // On the site's network the capture sees the relayed exchange: the request carries the relay's
        // far address, the answer the far subnet's reservation and router.
        let relayed = boot.capture.requests(from: "52:54:00:12:39:04")
        #expect(!relayed.isEmpty && relayed.allSatisfy { $0.relayAddress == "10.0.4.1" }, "\(relayed)")
        let answer = try #require(boot.capture.replies(to: "52:54:00:12:39:04").first { $0.isAck }, "\(boot.capture.dhcp)")
        #expect(answer.yourAddress == "10.0.4.22" && answer.relayAddress == "10.0.4.1" && answer.serverIdentifier == "10.0.3.1", "\(answer)")
        #expect(answer.options[3] == [10, 0, 4, 1] && answer.nextServer == "10.0.3.1" && answer.bootFile == "pxelinux.0", "\(answer)")
        #expect(boot.capture.read(inOrder: ["pxelinux.0", "pxelinux.cfg/01-52-54-00-12-39-04", "os/guest/vmlinuz"]), "\(boot.capture.distinctTFTPReads)")
    }

    /// The site's own DHCP server (here a plain dnsmasq with no boot options, in a namespace of its
    /// own on the same network) gives the address; ZeroTouch's proxyDHCP gives only the boot file.
    func expectProxied(_ boot: Boot, _ mac: String, bootFile: String) {
        let replies = boot.capture.replies(to: mac)
        let corporate = replies.filter { $0.serverIdentifier == "10.0.3.2" && $0.isAck }
        #expect(!corporate.isEmpty && corporate.allSatisfy { $0.yourAddress.hasPrefix("10.0.3.1") && $0.bootFile == nil }, "\(replies)")
        let proxied = replies.filter { $0.serverIdentifier == "10.0.3.1" }
        // (Its answer on port 4011 to a machine that already has an address names that address.)
        #expect(proxied.filter(\.isOffer).allSatisfy { $0.yourAddress == "0.0.0.0" }, "the proxy never offers an address: \(proxied)")
        #expect(proxied.contains { $0.bootFile == bootFile && $0.vendorClass == "PXEClient" && $0.nextServer == "10.0.3.1" }, "\(proxied)")
    }

    @Test func aProxyDHCPBesideTheSitesOwnServerBootsABIOSMachine() throws {
        try writeSite("proxy", dhcp: "")
        let boot = try lab("52:54:00:12:39:02", firmware: "bios", until: "ZT-GUEST-UP", corporateDHCP: true)
        #expect(boot.console.contains("ZeroTouch: lab02 install bios"))
        expectProxied(boot, "52:54:00:12:39:02", bootFile: "pxelinux.0")
        #expect(boot.capture.read(inOrder: ["pxelinux.0", "pxelinux.cfg/01-52-54-00-12-39-02", "os/guest/vmlinuz"]), "\(boot.capture.distinctTFTPReads)")
    }

    /// Seen in the lab: under a proxyDHCP, GRUB asks the DHCP server's own next-server for its
    /// configuration. Apply says so and explain fails the link, rather than the machine hanging at GRUB.
    @Test func aProxyDHCPWithShimAndGRUBIsNamedAsNotBootingUEFIMachines() throws {
        let applyOutput = try writeSite("proxy", dhcp: "")
        #expect(applyOutput.contains("site.dhcp.server: proxy cannot boot UEFI machines through shim and GRUB"), "\(applyOutput)")
        let explained = try run("explain", "52:54:00:12:39:01", "--firmware", "uefi")
        #expect(explained.status == 1 && explained.stdout.contains("FAIL  dhcp") && explained.stdout.contains("GRUB 2.06 then asks your DHCP server's next-server"), "\(explained.stdout)")
        let bios = try run("explain", "52:54:00:12:39:02")
        #expect(bios.stdout.contains("the address comes from your own DHCP server"), "\(bios.stdout)")
    }

    @Test func aProxyDHCPSendsAUEFIMachineIPXEWhichFollowsItToTheBootServer() throws {
        try writeSite("proxy", dhcp: "boot: ipxe")
        let boot = try lab("52:54:00:12:39:03", firmware: "uefi", until: "ZT-POSTED-done", serve: true, corporateDHCP: true)
        #expect(boot.console.contains("ZeroTouch: lab03 install plain"))
        expectProxied(boot, "52:54:00:12:39:03", bootFile: "ipxe.efi")
        let ipxe = try #require(boot.capture.requests(from: "52:54:00:12:39:03").last { $0.userClass == "iPXE" })
        #expect(boot.capture.replies(to: "52:54:00:12:39:03").contains { $0.transaction == ipxe.transaction && $0.bootFile == "http://10.0.3.1:8069/boot.ipxe" })
    }
}
