import Fleet
import Foundation
import Render
import TestSupport
import Testing

/// The GRUB files shim's GRUB reads on UEFI machines. Every variant goes through GRUB's own parser
/// (`grub-script-check`, from Debian's grub-common, unpacked by Scripts/uefi-loaders); the boot under
/// OVMF with Secure Boot on is in SecureBootTests.
struct GRUBConfigTests {
    typealias Fixtures = PXELinuxConfigTests

    static func uefi(_ key: String, arguments: String? = nil) -> Profile {
        let base = Fixtures.profiles[key]!
        var boot = base.boot
        if let arguments, case .kernel(let kernel) = boot {
            boot = .kernel(KernelBoot(kernel: kernel.kernel, initrds: kernel.initrds, arguments: arguments, release: kernel.release))
        }
        return Profile(name: base.name, os: base.os, firmware: .uefi, secureBoot: false, boot: boot)
    }

    static func host(_ mode: HostMode, profile: Profile) -> Fleet.Host {
        Host(name: "web01", macs: [Fixtures.mac], profile: profile.name, mode: mode)
    }

    static let scriptCheck = Swift.Result<String, any Error> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let cache = root.appendingPathComponent(".build/uefi")
        let result = try ProcessRunner.run(root.appendingPathComponent("Scripts/uefi-loaders").path, [cache.path])
        guard result.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "Scripts/uefi-loaders: \(result.stderr)"]) }
        return cache.appendingPathComponent("bin/grub-script-check").path
    }

    /// GRUB's parser accepts `text`.
    static func expectParses(_ text: String) throws {
        let folder = try TemporaryFolder("grub")
        let file = folder.url.appendingPathComponent("grub.cfg")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let checked = try ProcessRunner.run(try scriptCheck.get(), [file.path])
        #expect(checked.status == 0, "grub-script-check refused:\n\(text)\n\(checked.stderr)\(checked.stdout)")
    }

    @Test func theSiteFileSourcesTheNICsOwnThenBootsLocally() throws {
        let text = GRUBConfig.site()
        try Fixtures.expect(text, golden: "grub-site")
        try Self.expectParses(text)
        #expect(GRUBConfig.path(of: Fixtures.mac) == "grub/hosts/08:00:27:b2:40:3e.cfg", "the name ${net_default_mac} gives")
    }

    @Test(arguments: ["el5", "el9"])
    func aKernelEntryMatchesGoldenAndParses(_ key: String) throws {
        let profile = Self.uefi(key)
        let text = try #require(GRUBConfig.render(host: Self.host(.install, profile: profile), nic: Fixtures.mac, profile: profile, site: Fixtures.site))
        try Fixtures.expect(text, golden: "grub-\(key)")
        try Self.expectParses(text)
    }

    @Test func modesAndChainsGRUBCannotStartBootLocallyAndSayWhy() throws {
        let el9 = Self.uefi("el9")
        #expect(GRUBConfig.render(host: Self.host(.disabled, profile: el9), nic: Fixtures.mac, profile: el9, site: Fixtures.site) == nil,
                "a disabled host gets the site file")
        let local = try #require(GRUBConfig.render(host: Self.host(.localboot, profile: el9), nic: Fixtures.mac, profile: el9, site: Fixtures.site))
        #expect(local.hasSuffix("echo 'ZeroTouch: web01 boots from its local disk'\nexit\n") && !local.contains("linux "))
        try Self.expectParses(local)
        for key in ["winpe", "xen"] {
            let profile = Self.uefi(key)
            let text = try #require(GRUBConfig.render(host: Self.host(.install, profile: profile), nic: Fixtures.mac, profile: profile, site: Fixtures.site))
            #expect(text.contains("which GRUB does not start; give its machines iPXE") && text.hasSuffix("exit\n"), "\(text)")
            try Self.expectParses(text)
        }
    }

    /// A profile's kernel arguments reach the kernel as written: quotes, `$`, `;` and `#` stay words.
    @Test func hostileKernelArgumentsStayLiteralWords() throws {
        let profile = Self.uefi("el9", arguments: "console=ttyS0 a'b $HOME ;reboot #c \\x")
        let text = try #require(GRUBConfig.render(host: Self.host(.install, profile: profile), nic: Fixtures.mac, profile: profile, site: Fixtures.site))
        #expect(text.contains(" 'console=ttyS0' 'a'\\''b' '$HOME' ';reboot' '#c' '\\x'\n"), "\(text)")
        try Self.expectParses(text)
    }

    /// What is not a PE image, or a PE image without a certificate table, is not signed.
    @Test func onlyAPEImageWithACertificateTableCountsAsSigned() {
        #expect(PEImage.certificateTable(header: Array("#!/bin/sh\necho not an image\n".utf8)) == nil)
        #expect(!PEImage.isSigned([UInt8](repeating: 0, count: 8192)))
        // A PE32+ header with no data directories: a PE image, unsigned.
        var image = [UInt8](repeating: 0, count: 512)
        image[0] = 0x4D; image[1] = 0x5A; image[0x3C] = 0x40
        image[0x40] = 0x50; image[0x41] = 0x45
        image[0x40 + 24] = 0x0B; image[0x40 + 25] = 0x02
        #expect(PEImage.certificateTable(header: image)?.size == 0)
        #expect(!PEImage.isSigned(image))
        // The same with directory 4 pointing at a PKCS#7 WIN_CERTIFICATE.
        let directories = 0x40 + 24 + 112
        image[0x40 + 24 + 108] = 16
        image[directories + 32] = 0x00; image[directories + 33] = 0x01   // offset 256
        image[directories + 36] = 16                                      // size 16
        image[256] = 16; image[260] = 0x00; image[261] = 0x02; image[262] = 0x02; image[263] = 0x00
        #expect(PEImage.isSigned(image))
    }

    /// A Windows host of a boot-manager profile: GRUB chainloads the profile's bootmgfw.efi (the
    /// firmware checks its signature), and falls back to the local disk if it does not start; in
    /// local boot it leaves GRUB at once. GRUB's own parser accepts both.
    @Test func aBootManagerHostChainloadsItsProfilesBootManager() throws {
        let profile = Profile(name: "w11", os: .windows, firmware: .uefi, boot: .bootManager(BootManagerFiles(directory: try BootPath("winpe/w11"))))
        let site = PXELinuxConfigTests.site
        let install = try #require(GRUBConfig.render(host: Self.host(.install, profile: profile), nic: PXELinuxConfigTests.mac, profile: profile, site: site))
        #expect(install.contains("chainloader '/winpe/w11/bootmgfw.efi'\nboot\n"), "\(install)")
        #expect(install.hasSuffix("exit\n"), "a boot manager that does not start leaves GRUB for the disk")
        let local = try #require(GRUBConfig.render(host: Self.host(.localboot, profile: profile), nic: PXELinuxConfigTests.mac, profile: profile, site: site))
        #expect(!local.contains("chainloader"))
        for text in [install, local] { try Self.expectParses(text) }
    }
}
