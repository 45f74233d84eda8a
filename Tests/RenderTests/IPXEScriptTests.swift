import Fleet
import Render
import Testing

struct IPXEScriptTests {
    typealias Fixtures = PXELinuxConfigTests
    static let mac = Fixtures.mac
    static let wimboot = Profile(name: "winpe10", os: .windows, firmware: .uefi,
                                 boot: .wimboot(WimbootFiles(loader: Fixtures.path("wimboot"), directory: Fixtures.path("winpe/amd64"))))

    static func host(_ key: String, mode: HostMode = .install) -> Host {
        Host(name: key.hasPrefix("win") ? "W2K8-WEB01" : "host01", macs: [mac], profile: profile(key).name, mode: mode)
    }

    static func profile(_ key: String) -> Profile { key == "wimboot" ? wimboot : Fixtures.profiles[key]! }

    /// Golden files checked by eye against ipxe.org's command reference, wimboot's page and FORMATS.md §3.
    @Test(arguments: ["winpe", "wimboot", "el5", "el9", "xen", "esxi"])
    func installScriptMatchesGolden(_ key: String) throws {
        let text = IPXEScript.render(host: Self.host(key), nic: Self.mac, profile: Self.profile(key), site: Fixtures.site)
        try Fixtures.expect(text, golden: "ipxe-\(key)")
        try Self.checkStructure(text)
    }

    @Test func kickstartLineNamesTheNICAndEveryInitrd() {
        let text = IPXEScript.render(host: Self.host("el9"), nic: Self.mac, profile: Self.profile("el9"), site: Fixtures.site, platform: .efi)
        let kernel = text.split(separator: "\n").first { $0.hasPrefix("kernel ") } ?? ""
        // Under UEFI the kernel finds its initrds only by the names given on its command line.
        #expect(kernel.contains(" initrd=initrd.img initrd=extra.img "))
        #expect(kernel.contains(" inst.ks=http://192.168.1.166:8069/ks/08-00-27-b2-40-3e.ks "))
        #expect(kernel.hasSuffix(" console=ttyS0 BOOTIF=01-08-00-27-b2-40-3e"))
        #expect(text.contains("initrd --name extra.img http://192.168.1.166:8069/files/os/r9/extra.img\n"))
    }

    @Test func wimbootTakesBootmgrOnlyOnBIOS() {
        let bios = IPXEScript.render(host: Self.host("wimboot"), nic: Self.mac, profile: Self.wimboot, site: Fixtures.site, platform: .pcbios)
        let uefi = IPXEScript.render(host: Self.host("wimboot"), nic: Self.mac, profile: Self.wimboot, site: Fixtures.site, platform: .efi)
        #expect(bios.contains("/winpe/amd64/bootmgr bootmgr\n"))
        #expect(!uefi.contains("bootmgr bootmgr"))
        #expect(uefi.contains("initrd http://192.168.1.166:8069/files/winpe/amd64/Boot/BCD BCD\n"))
    }

    @Test(arguments: [IPXEScript.Platform.pcbios, .efi])
    func localBootFitsTheFirmware(_ platform: IPXEScript.Platform) throws {
        let text = IPXEScript.render(host: Self.host("el9", mode: .localboot), nic: Self.mac, profile: Self.profile("el9"), site: Fixtures.site, platform: platform)
        #expect(text.hasSuffix(platform == .pcbios ? "sanboot --no-describe --drive 0x80 || exit\n" : "echo ZeroTouch: host01 boots from its local disk\nexit\n"))
        try Self.checkStructure(text)
    }

    @Test func anISOCannotBootUEFIAndSaysWhy() throws {
        let text = IPXEScript.render(host: Self.host("winpe"), nic: Self.mac, profile: Self.profile("winpe"), site: Fixtures.site, platform: .efi)
        #expect(text.contains("BIOS machines only"))
        #expect(!text.contains("chain"))
        try Self.checkStructure(text)
    }

    @Test func unknownMACsBootLocally() throws {
        let text = IPXEScript.unknown(try MACAddress("52:54:00:12:34:56"), platform: nil)
        #expect(text == "#!ipxe\necho ZeroTouch: no host has the NIC 52:54:00:12:34:56; booting from the local disk\nsanboot --no-describe --drive 0x80 || exit\n")
        try Self.checkStructure(IPXEScript.chain(site: Fixtures.site))
    }

    /// `#!ipxe` first; every other line a comment, a label or a command iPXE has; every URL on the boot server.
    static func checkStructure(_ text: String) throws {
        let commands: Set = ["echo", "chain", "kernel", "initrd", "imgfree", "boot", "exit", "sanboot", "set", "goto"]
        let lines = text.split(separator: "\n")
        #expect(lines.first == "#!ipxe")
        for line in lines.dropFirst() where !line.hasPrefix("#") && !line.hasPrefix(":") {
            let command = String(line.split(separator: " ")[0])
            #expect(commands.contains(command), "unknown command in: \(line)")
            for word in line.split(separator: " ") where word.hasPrefix("http") {
                #expect(word.hasPrefix("http://192.168.1.166:8069/"), "URL off the boot server: \(word)")
            }
        }
        let last = String(lines.last!.split(separator: " ")[0])
        #expect(["boot", "exit", "chain", "sanboot"].contains(last), "a script must end by booting something: \(lines.last!)")
    }
}
