import Fleet
import Foundation
import Render
import Testing

struct PXELinuxConfigTests {
    static let site = Site(server: try! IPv4Address("192.168.1.166"), httpPort: 8069, stateDirectory: "/s", tftpRoot: "/t", httpRoot: "/h",
                           share: ShareSettings(target: .folder("/sh"), unc: nil))
    static let mac = try! MACAddress("08:00:27:b2:40:3e")

    static func path(_ text: String) -> BootPath { try! BootPath(text) }

    static let profiles: [String: Profile] = [
        "winpe": Profile(name: "w2k8r2", os: .windows, boot: .winpeISO(path("winpe_amd64.iso"))),
        "el5": Profile(name: "centos55", os: .kickstart, boot: .kernel(KernelBoot(kernel: path("os/c5/vmlinuz"), initrds: [path("os/c5/initrd.img")], release: .el5))),
        "el9": Profile(name: "rocky9", os: .kickstart, boot: .kernel(KernelBoot(kernel: path("os/r9/vmlinuz"), initrds: [path("os/r9/initrd.img"), path("os/r9/extra.img")],
                                                                               arguments: "console=ttyS0", release: .el9))),
        "xen": Profile(name: "ovm22", os: .xen, boot: .multiboot(MultibootChain(loader: path("mboot.c32"), modules: [
            MultibootModule(path: path("ovm/2.2/xen-64bit-3.4.0.gz"), arguments: "noreboot"),
            MultibootModule(path: path("ovm/2.2/vmlinuz"), arguments: "ro root=LABEL=/"),
            MultibootModule(path: path("ovm/2.2/initrd.img")),
        ], passesKickstart: false))),
        "esxi": Profile(name: "esx4", os: .esxi, boot: .multiboot(MultibootChain(loader: path("mboot.c32"), modules: [
            MultibootModule(path: path("esx/vmkboot.gz")), MultibootModule(path: path("esx/vmkernel.gz")), MultibootModule(path: path("esx/sys.vgz")),
        ], passesKickstart: true))),
    ]

    /// With ZT_RECORD_GOLDEN=1, writes the rendered text as the new golden file (then check it by eye).
    static func expect(_ text: String, golden name: String, filePath: String = #filePath) throws {
        if ProcessInfo.processInfo.environment["ZT_RECORD_GOLDEN"] == "1" {
            let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden")
            try text.write(to: folder.appendingPathComponent("\(name).cfg"), atomically: true, encoding: .utf8)
            return
        }
        #expect(text == (try golden(name)))
    }

    static func golden(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Golden/\(name)", withExtension: "cfg"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// Golden files were checked by eye against syslinux's doc/pxelinux.txt and seeds 002–004.
    @Test(arguments: ["winpe", "el5", "el9", "xen", "esxi"])
    func installEntryMatchesGolden(_ key: String) throws {
        let host = Host(name: key == "winpe" ? "W2K8-WEB01" : "host01", macs: [Self.mac], profile: Self.profiles[key]!.name)
        let text = try #require(PXELinuxConfig.render(host: host, nic: Self.mac, profile: Self.profiles[key]!, site: Self.site))
        try Self.expect(text, golden: "install-\(key)")
        try Self.checkStructure(text)
    }

    @Test(arguments: [HostMode.localboot, .disabled, .capture])
    func modesDecideTheEntry(_ mode: HostMode) throws {
        let host = Host(name: "W2K8-WEB01", macs: [Self.mac], profile: "w2k8r2", mode: mode)
        let text = PXELinuxConfig.render(host: host, nic: Self.mac, profile: Self.profiles["winpe"]!, site: Self.site)
        switch mode {
        case .disabled: #expect(text == nil)
        case .localboot: try Self.expect(text ?? "", golden: "localboot")
        default: #expect(text?.contains("DEFAULT capture\n") == true && text?.contains("KERNEL memdisk") == true)
        }
        if let text { try Self.checkStructure(text) }
    }

    @Test func wimbootGoesThroughLinuxC32WithEveryFile() throws {
        let profile = IPXEScriptTests.wimboot
        let host = Host(name: "WIN10-01", macs: [Self.mac], profile: profile.name)
        let text = try #require(PXELinuxConfig.render(host: host, nic: Self.mac, profile: profile, site: Self.site))
        #expect(text.contains("  COM32 linux.c32\n  APPEND wimboot initrdfile=winpe/amd64/bootmgr,winpe/amd64/Boot/BCD,winpe/amd64/Boot/boot.sdi,winpe/amd64/sources/boot.wim\n"))
        try Self.checkStructure(text)
        #expect(SiteArtifacts.loaderFiles(for: [profile]).contains("linux.c32"))
    }

    @Test func siteDefaultBootsLocally() throws {
        try Self.expect(PXELinuxConfig.siteDefault(), golden: "default")
    }

    @Test func everyNICGetsItsOwnFile() {
        let second = try! MACAddress("08:00:27:b2:40:3f")
        let host = Host(name: "host01", macs: [Self.mac, second], profile: "centos55")
        let artifacts = HostArtifacts.render(host, profile: Self.profiles["el5"]!, site: Self.site)
        #expect(artifacts.map(\.path) == ["pxelinux.cfg/01-08-00-27-b2-40-3e", "pxelinux.cfg/01-08-00-27-b2-40-3f"])
        #expect(artifacts.allSatisfy { $0.owner == .host(Self.mac) })
        // Each NIC's kickstart URL names that NIC.
        #expect(String(decoding: artifacts[1].content, as: UTF8.self).contains("/ks/08-00-27-b2-40-3f.ks"))
    }

    @Test func loaderFilesFollowTheProfiles() {
        #expect(SiteArtifacts.loaderFiles(for: [Self.profiles["el9"]!]) == ["pxelinux.0", "ldlinux.c32"])
        #expect(SiteArtifacts.loaderFiles(for: [Self.profiles["winpe"]!, Self.profiles["xen"]!])
            == ["pxelinux.0", "ldlinux.c32", "memdisk", "mboot.c32", "libcom32.c32"])
        let uefi = Profile(name: "rocky9", os: .kickstart, firmware: .uefi, boot: Self.profiles["el9"]!.boot)
        #expect(SiteArtifacts.loaderFiles(for: [uefi]) == ["pxelinux.0", "ldlinux.c32", "shimx64.efi", "grubx64.efi"],
                "x64 UEFI clients are sent the signed shim, which loads grubx64.efi from its own folder")
        let arm = Profile(name: "rocky9-arm", os: .kickstart, arch: .arm64, firmware: .uefi, boot: Self.profiles["el9"]!.boot)
        #expect(SiteArtifacts.loaderFiles(for: [uefi, arm]).suffix(4) == ["shimx64.efi", "grubx64.efi", "shimaa64.efi", "grubaa64.efi"],
                "arm64 UEFI clients get the arm64 shim, which loads grubaa64.efi")
        let syslinux = DHCPSettings(server: .isc, output: "/o", subnet: try! IPv4Subnet("192.168.1.0/24"), range: nil, loader: .syslinux)
        let noSecureBoot = Profile(name: "rocky9-plain", os: .kickstart, firmware: .uefi, secureBoot: false, boot: Self.profiles["el9"]!.boot)
        #expect(SiteArtifacts.loaderFiles(for: [noSecureBoot], dhcp: syslinux) == ["pxelinux.0", "ldlinux.c32", "syslinux.efi", "ldlinux.e64"],
                "with boot: syslinux, x64 UEFI clients with Secure Boot off are sent syslinux.efi, which loads ldlinux.e64")
        #expect(SiteArtifacts.loaderFiles(for: [uefi], dhcp: syslinux) == ["pxelinux.0", "ldlinux.c32", "shimx64.efi", "grubx64.efi"],
                "with Secure Boot on, the signed shim whatever the site's loader: syslinux.efi would not start")
        let ipxe = DHCPSettings(server: .isc, output: "/o", subnet: try! IPv4Subnet("192.168.1.0/24"), range: nil, loader: .ipxe)
        #expect(SiteArtifacts.loaderFiles(for: [Self.profiles["el9"]!], dhcp: ipxe).suffix(2) == ["undionly.kpxe", "ipxe.efi"],
                "DHCP hands out iPXE's loaders, so the TFTP root holds them")
        let wimboot = Profile(name: "w11", os: .windows, firmware: .uefi, secureBoot: false,
                              boot: .wimboot(WimbootFiles(loader: try! BootPath("wimboot"), directory: try! BootPath("winpe"))))
        #expect(SiteArtifacts.loaderFiles(for: [uefi, wimboot]) == ["pxelinux.0", "ldlinux.c32", "ipxe.efi", "shimx64.efi", "grubx64.efi", "linux.c32", "libcom32.c32"],
                "a wimboot profile on a shim site gets iPXE for its own machines (GRUB does not start wimboot)")
    }

    /// Every line is a comment or a keyword pxelinux knows, and exactly one DEFAULT names a LABEL that exists.
    static func checkStructure(_ text: String) throws {
        let keywords: Set = ["DEFAULT", "PROMPT", "SAY", "LABEL", "KERNEL", "COM32", "INITRD", "APPEND", "IPAPPEND", "LOCALBOOT", "TIMEOUT"]
        var labels: [String] = []
        var defaults: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let words = line.split(separator: " ")
            let keyword = String(try #require(words.first))
            #expect(keywords.contains(keyword), "unknown keyword in: \(line)")
            if keyword == "LABEL" { labels.append(String(words[1])) }
            if keyword == "DEFAULT" { defaults.append(String(words[1])) }
        }
        #expect(defaults.count == 1 && labels.contains(defaults[0]))
    }
}
