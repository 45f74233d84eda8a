import Foundation
import TestSupport
import Testing

/// The site's real dnsmasq, running the configuration apply wrote (wired as `zerotouch dhcp --wiring`
/// prints), on a virtual layer 2 in a namespace of its own (`Scripts/lab`), boots real firmware: each
/// machine gets its reservation and the boot file for its architecture from the daemon itself, and
/// loads its own entry. QEMU's user-mode DHCP is not in the way: this is the exchange a site will see.
struct LabBootTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    func writeSite() throws {
        let loaders = try SecureBootTests.unpacked.get()
        let guest = try IPXEBootTests.guestImage()
        let files = folder.appendingPathComponent("tftp/os/guest")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        for name in ["vmlinuz", "initrd.gz"] {
            try FileManager.default.copyItem(at: guest.appendingPathComponent(name), to: files.appendingPathComponent(name))
        }
        try write("""
            site:
              server: 10.0.3.1
              tftp_root: tftp
              http_root: http
              loaders: '\(loaders.path)'
              dhcp: {server: dnsmasq, output: dhcp/zerotouch.conf, subnet: 10.0.3.0/24, range: 10.0.3.100-10.0.3.150, interfaces: [br0]}
            profiles:
              efi: {os: kickstart, firmware: uefi, kernel: os/guest/vmlinuz, initrd: os/guest/initrd.gz, kernel_args: console=ttyS0}
              bios: {os: kickstart, kernel: os/guest/vmlinuz, initrd: os/guest/initrd.gz, kernel_args: console=ttyS0}
            hosts:
              - {mac: "52:54:00:12:39:01", name: lab01, profile: efi, ip: 10.0.3.21/24}
              - {mac: "52:54:00:12:39:02", name: lab02, profile: bios, ip: 10.0.3.22/24}

            """)
        let applied = try run("apply")
        try #require(applied.status == 0, "\(applied.stderr)")
    }

    /// Runs `Scripts/lab boot` to the end (a child with no signal blocked, so its daemons stop cleanly)
    /// and returns the machine's console and the DHCP server's log.
    func lab(_ mac: String, firmware: String, until marker: String, work: String) throws -> (console: String, dhcp: String) {
        let script = CLIWorkspace.binary.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scripts/lab").path
        let folder = scratch.path + "/" + work
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let output = URL(fileURLWithPath: folder + "/lab.out")
        let lab = try LiveDaemon([script, "boot", "-c", self.folder.appendingPathComponent("zerotouch.yaml").path, "--mac", mac,
                                  "--address", "10.0.3.1/24", "--firmware", firmware, "--until", marker, "--seconds", "200", "--work", folder],
                                 environment: ["ZEROTOUCH_BIN": CLIWorkspace.binary.path, "ZEROTOUCH_CACHE_DIR": cache], log: output, isolated: false)
        defer { lab.stop() }
        _ = Poll.until(seconds: 230) { !lab.isRunning }
        let console = ((try? String(contentsOfFile: folder + "/console.log", encoding: .utf8)) ?? "")
            .replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
        let dhcp = (try? String(contentsOfFile: folder + "/dnsmasq.log", encoding: .utf8)) ?? ""
        let said = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(console.contains(marker), "the console of \(mac) never showed '\(marker)'; lab said: \(said.suffix(400))\nconsole: \(console.suffix(800))\ndnsmasq: \(dhcp.suffix(1500))")
        return (console, dhcp)
    }

    @Test func aSecureBootMachineGetsShimFromTheRealDaemonAndBootsItsOwnEntry() throws {
        try writeSite()
        let (console, dhcp) = try lab("52:54:00:12:39:01", firmware: "secure-boot", until: "ZT-GUEST-UP", work: "sb")
        #expect(console.contains("ZeroTouch: lab01 install efi") && console.contains("Secure boot enabled"))
        #expect(dhcp.contains("vendor class: PXEClient:Arch:00007") && dhcp.contains("option: 67 bootfile-name  shimx64.efi"), "\(dhcp.suffix(2000))")
        #expect(dhcp.contains("DHCPACK(br0) 10.0.3.21 52:54:00:12:39:01 lab01"), "the reservation")
        // dnsmasq-tftp's "sent /…/tftp/NAME to ADDRESS" lines.
        let names = dhcp.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("dnsmasq-tftp"), let sent = line.range(of: " sent ") else { return nil }
            return line[sent.upperBound...].components(separatedBy: " to ")[0].components(separatedBy: "/tftp/").last
        }
        #expect(names.reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
                == ["shimx64.efi", "grubx64.efi", "grub/grub.cfg", "grub/hosts/52:54:00:12:39:01.cfg", "os/guest/vmlinuz", "os/guest/initrd.gz"],
                "what the TFTP server sent, in order: \(names)")
    }

    @Test func aBIOSMachineGetsPxelinuxFromTheRealDaemonAndBootsItsOwnEntry() throws {
        try writeSite()
        let (console, dhcp) = try lab("52:54:00:12:39:02", firmware: "bios", until: "ZT-GUEST-UP", work: "bios")
        #expect(console.contains("ZeroTouch: lab02 install bios"))
        #expect(dhcp.contains("DHCPACK(br0) 10.0.3.22 52:54:00:12:39:02 lab02") && dhcp.contains("sent") && dhcp.contains("pxelinux.cfg/01-52-54-00-12-39-02 to 10.0.3.22"),
                "\(dhcp.suffix(2000))")
    }
}
