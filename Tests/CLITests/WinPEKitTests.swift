import Foundation
import TestSupport
import Testing

/// The WinPE kit through the binary: share folders per mode, the image check against a real WIM,
/// `image inspect`, `winpe startnet` and `winpe build`.
struct WinPEKitTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    /// A WIM made here with wimlib-imagex: image 1 amd64, image 2 arm64.
    func makeWIM(at relative: String) throws {
        let source = folder.appendingPathComponent("wim-src/Windows")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try "x".write(to: source.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let wim = folder.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: wim.deletingLastPathComponent(), withIntermediateDirectories: true)
        for arguments in [["capture", source.deletingLastPathComponent().path, wim.path, "Standard", "--image-property", "WINDOWS/ARCH=9"],
                          ["append", source.deletingLastPathComponent().path, wim.path, "Datacenter ARM", "--image-property", "WINDOWS/ARCH=12"]] {
            let result = try ProcessRunner.run("wimlib-imagex", arguments)
            try #require(result.status == 0, "wimlib-imagex \(arguments[0]) (Scripts/setup test installs wimtools): \(result.output)")
        }
    }

    @Test func windowsHostsGetTheirScriptsPerModeAndLoseThemAfter() throws {
        try write(Self.site + Self.hosts)
        try makeWIM(at: "out/share/images/w2k8r2.wim")
        let applied = try run("apply")
        #expect(applied.status == 0, "\(applied.stderr)")
        for name in ["unattend.xml", "autorun.bat", "diskpart.txt"] { #expect(exists("out/share/08-00-27-b2-40-3e/\(name)"), "\(name)") }
        #expect(exists("out/share/zerotouch/mark.cmd") && exists("out/share/README.txt"), "the share skeleton")
        #expect(file("out/share/08-00-27-b2-40-3e/autorun.bat")?.contains("dism /Apply-Image /ImageFile:\"%HERE%..\\images\\w2k8r2.wim\" /Index:1 /ApplyDir:W:\\") == true)
        #expect(!applied.stderr.contains("is not on the share"), "the WIM is there and was checked")

        let capture = try run("host", "mode", "08:00:27:b2:40:3e", "capture")
        #expect(capture.status == 0, "\(capture.stderr)")
        #expect(file("out/share/08-00-27-b2-40-3e/autorun.bat")?.contains("dism /Capture-Image") == true)
        #expect(!exists("out/share/08-00-27-b2-40-3e/unattend.xml") && !exists("out/share/08-00-27-b2-40-3e/diskpart.txt"), "capture needs no answer file and no diskpart")

        #expect(try run("host", "mode", "08:00:27:b2:40:3e", "localboot").status == 0)
        #expect(!exists("out/share/08-00-27-b2-40-3e/autorun.bat"), "a host that leaves install and capture loses its scripts")
        #expect(exists("out/share/zerotouch/mark.cmd"))
        let printed = try run("render", "08:00:27:b2:40:3e", "--artifact", "autorun")
        #expect(printed.status == 1 && printed.stderr.contains("has no autorun artifact in its current mode"))
    }

    @Test(arguments: [
        ("index: 1}", "index: 3}", "profiles.w2k8r2.image.index: '3' is not an image in images/w2k8r2.wim (it has 1: Standard, 2: Datacenter ARM)"),
        ("index: 1}", "index: 2}", "profiles.w2k8r2.arch: 'amd64' does not match image 2 (Datacenter ARM) of images/w2k8r2.wim, which is arm64"),
        ("firmware: bios,", "firmware: uefi, disk: {layout: mbr},", "profiles.w2k8r2.disk.layout: 'mbr' does not match firmware uefi"),
        ("firmware: bios,", "firmware: bios, disk: {number: two},", "profiles.w2k8r2.disk.number: 'two' is not a disk number"),
    ])
    func refusesToArmHostsWithAnImageOrDiskTheyCannotUse(_ find: String, _ replace: String, _ message: String) throws {
        try makeWIM(at: "out/share/images/w2k8r2.wim")
        try write(Self.site.replacingOccurrences(of: find, with: replace) + Self.hosts)
        let refused = try run("apply")
        #expect(refused.status == 2 && refused.stderr.contains(message), "\(refused.stderr)")
        #expect(!exists(".zerotouch") && !exists("out/tftpboot"), "nothing is written")
    }

    @Test func imageInspectListsARealWIMAndRefusesABrokenOne() throws {
        try makeWIM(at: "t.wim")
        let listed = try run("image", "inspect", "t.wim", "--json")
        #expect(listed.status == 0, "\(listed.stderr)")
        let images = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(images.map { $0["name"] as? String } == ["Standard", "Datacenter ARM"])
        #expect(images.map { $0["architecture"] as? String } == ["amd64", "arm64"])
        let bytes = try Data(contentsOf: folder.appendingPathComponent("t.wim"))
        try bytes.prefix(bytes.count / 2).write(to: folder.appendingPathComponent("half.wim"))
        let truncated = try run("image", "inspect", "half.wim")
        #expect(truncated.status == 1 && truncated.stderr.contains("half.wim is truncated"), "\(truncated.stderr)")
        try write("not a wim", to: "text.wim")
        #expect(try run("image", "inspect", "text.wim").stderr.contains("is not a WIM file"))
    }

    @Test func startnetMapsTheShareWithTheSitesAccount() throws {
        try write("reader-pass\n", to: "share-password")
        try write(Self.site.replacingOccurrences(of: "windows-media'}", with: "windows-media', user: 'PXE\\reader', password_file: share-password}") + Self.hosts)
        let printed = try run("winpe", "startnet")
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.contains("net use Z: \"\\\\pxe-server\\windows-media\" /user:\"PXE\\reader\" \"reader-pass\""))
    }

    /// WinPE media as a user has them (the ADK's media folder after copype): a real WIM made here, and
    /// stand-ins for the boot files, which `winpe build` copies as they are.
    /// `lowercase`: named as on a Windows ISO (`boot/bcd`, `efi/boot/bootx64.efi`) rather than as the ADK's.
    func makeMedia(at relative: String, arch: Int = 9, lowercase: Bool = false) throws -> URL {
        let media = folder.appendingPathComponent(relative)
        let name = { (path: String) in lowercase ? path.lowercased() : path }
        let source = folder.appendingPathComponent("pe-src-\(arch)/Windows/System32")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        try write("@echo off\r\nwpeinit\r\n", to: "pe-src-\(arch)/Windows/System32/startnet.cmd")
        for folder in ["Boot", "sources", "EFI/Microsoft/Boot", "EFI/Boot"] {
            try FileManager.default.createDirectory(at: media.appendingPathComponent(name(folder)), withIntermediateDirectories: true)
        }
        let made = try ProcessRunner.run("wimlib-imagex", ["capture", source.deletingLastPathComponent().deletingLastPathComponent().path,
                                                           media.appendingPathComponent("sources/boot.wim").path, "Microsoft Windows PE", "--image-property", "WINDOWS/ARCH=\(arch)"])
        try #require(made.status == 0, "wimlib-imagex: \(made.output)")
        for (file, size) in [("bootmgr", 4096), ("Boot/BCD", 16384), ("Boot/boot.sdi", 8192), ("Boot/etfsboot.com", 2048), ("EFI/Microsoft/Boot/efisys.bin", 1_474_560),
                             ("EFI/Boot/bootx64.efi", 6144)] {
            try Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ size) }).write(to: media.appendingPathComponent(name(file)))
        }
        return media
    }

    /// `winpe build` on Linux alone: boot.wim gets this site's startnet.cmd (read back here from the WIM)
    /// and the WinPE drivers, the wimboot folder holds the boot files, and the ISO boots BIOS from
    /// etfsboot.com and UEFI from efisys.bin (xorriso's own report). The media is not changed; a second
    /// run with the same inputs rebuilds nothing; media of another architecture is refused.
    @Test func winpeBuildMakesTheBootWIMTheWimbootFolderAndTheISO() throws {
        try write(Self.site + Self.hosts)
        let media = try makeMedia(at: "media")
        let before = try Data(contentsOf: media.appendingPathComponent("sources/boot.wim"))
        let drivers = folder.appendingPathComponent("pe-drivers/nic e1000e")
        try FileManager.default.createDirectory(at: drivers, withIntermediateDirectories: true)
        try write("[Version]\r\nSignature=\"$Windows NT$\"\r\n", to: "pe-drivers/nic e1000e/e1d68x64.inf")
        try write("driver", to: "pe-drivers/nic e1000e/e1d68x64.sys")
        let built = try run("winpe", "build", "--media", media.path, "--out", "pe", "--drivers", drivers.path, "--json")
        try #require(built.status == 0, "\(built.stderr)")
        #expect(built.stderr.contains("winpe build: putting startnet.cmd and 1 driver folder(s) into image 1 of boot.wim"), "progress: \(built.stderr)")
        let startnet = try run("winpe", "startnet").stdout
        let extracted = try ProcessRunner.run("wimlib-imagex", ["extract", folder.appendingPathComponent("pe/wimboot/sources/boot.wim").path, "1",
                                                                "/Windows/System32/startnet.cmd", "/zerotouch/drivers", "--dest-dir=\(folder.appendingPathComponent("x").path)", "--no-acls"])
        try #require(extracted.status == 0, "\(extracted.output)")
        let inImage = try #require(file("x/startnet.cmd"))
        #expect(inImage.contains("net use Z: \"\\\\pxe-server\\windows-media\"") && inImage.contains("drvload \"%%i\""), "\(inImage)")
        #expect(inImage == startnet.replacingOccurrences(of: "wpeinit\r\n", with: "wpeinit\r\nrem The NIC and storage drivers WinPE lacks, put into the image by 'zerotouch winpe build --drivers'.\r\nfor /r X:\\zerotouch\\drivers %%i in (*.inf) do drvload \"%%i\"\r\nwpeutil InitializeNetwork >nul 2>&1\r\n"))
        #expect(file("x/drivers/1/e1d68x64.inf")?.contains("Signature") == true, "the driver folder is in the image under X:\\zerotouch\\drivers")
        for (name, source) in [("bootmgr", "bootmgr"), ("Boot/BCD", "Boot/BCD"), ("Boot/boot.sdi", "Boot/boot.sdi"), ("bootmgfw.efi", "EFI/Boot/bootx64.efi")] {
            #expect(try Data(contentsOf: folder.appendingPathComponent("pe/wimboot/\(name)")) == Data(contentsOf: media.appendingPathComponent(source)), "\(name)")
        }
        #expect(try Data(contentsOf: media.appendingPathComponent("sources/boot.wim")) == before, "the media is not changed")
        let report = try ProcessRunner.run("xorriso", ["-indev", folder.appendingPathComponent("pe/winpe.iso").path, "-report_el_torito", "plain"])
        #expect(report.output.contains("El Torito img path :   1  /Boot/etfsboot.com") && report.output.contains("El Torito img path :   2  /EFI/Microsoft/Boot/efisys.bin"),
                "\(report.output)")
        #expect(report.output.contains("El Torito boot img :   1  BIOS  y   none") && report.output.contains("El Torito boot img :   2  UEFI  y   none"), "\(report.output)")
        let fromISO = try ProcessRunner.run("xorriso", ["-osirrox", "on", "-indev", folder.appendingPathComponent("pe/winpe.iso").path,
                                                        "-extract", "/sources/boot.wim", folder.appendingPathComponent("iso-boot.wim").path])
        #expect(fromISO.status == 0 && (try? Data(contentsOf: folder.appendingPathComponent("iso-boot.wim"))) == (try? Data(contentsOf: folder.appendingPathComponent("pe/wimboot/sources/boot.wim"))),
                "the ISO carries the changed boot.wim")

        let modified = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("pe/winpe.iso").path)[.modificationDate] as? Date
        let again = try run("winpe", "build", "--media", media.path, "--out", "pe", "--drivers", drivers.path)
        #expect(again.status == 0 && again.stdout.contains("is up to date"), "\(again.stdout)\(again.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("pe/winpe.iso").path)[.modificationDate] as? Date == modified)

        let arm = try makeMedia(at: "media-arm", arch: 12)
        let refused = try run("winpe", "build", "--media", arm.path, "--out", "pe-arm")
        #expect(refused.status == 2 && refused.stderr.contains("holds arm64 WinPE (image 1, Microsoft Windows PE), not amd64"), "\(refused.stderr)")
        #expect(!exists("pe-arm"), "nothing is written")
        let empty = try run("winpe", "build", "--media", folder.appendingPathComponent("pe-drivers").path, "--out", "pe-none")
        #expect(empty.status == 2 && empty.stderr.contains("has no sources/boot.wim"), "\(empty.stderr)")
        #expect(!exists("pe-none"), "nothing is written")
        let noInf = try run("winpe", "build", "--media", media.path, "--out", "pe-noinf", "--drivers", folder.appendingPathComponent("pe-src-9").path)
        #expect(noInf.status == 2 && noInf.stderr.contains("holds no .inf file"), "\(noInf.stderr)")
        #expect(!exists("pe-noinf"), "nothing is written")
    }

    /// A boot-manager profile with Secure Boot on whose bootmgfw.efi carries no signature is refused at
    /// its winpe.dir, nothing written; with a Microsoft-signed file there (Debian's shim stands in), apply
    /// writes the GRUB entry that chainloads it and the profile's BCD store.
    @Test func anUnsignedBootManagerIsRefusedUnderSecureBoot() throws {
        try write(Self.site.replacingOccurrences(of: "profiles:\n", with: "profiles:\n  w11: {os: windows, firmware: uefi, winpe: {boot: bootmgr, dir: winpe/w11}, image: {wim: images/w11.wim, index: 1}}\n")
                  + "  - {mac: \"52:54:00:00:00:21\", name: W11-01, profile: w11}\n")
        for name in ["Boot/boot.sdi", "sources/boot.wim"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("out/tftpboot/winpe/w11/\(name)").deletingLastPathComponent(), withIntermediateDirectories: true)
            try write("x", to: "out/tftpboot/winpe/w11/\(name)")
        }
        try write("MZ not signed", to: "out/tftpboot/winpe/w11/bootmgfw.efi")
        let refused = try run("apply")
        #expect(refused.status == 2 && refused.stderr.contains("profiles.w11.winpe.dir: 'winpe/w11/bootmgfw.efi' has no Authenticode signature"), "\(refused.stderr)")
        #expect(!exists("out/tftpboot/bcd") && !exists("out/tftpboot/grub"), "nothing is written")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("out/tftpboot/winpe/w11/bootmgfw.efi"))
        try FileManager.default.copyItem(at: try SecureBootTests.unpacked.get().appendingPathComponent("shimx64.efi"), to: folder.appendingPathComponent("out/tftpboot/winpe/w11/bootmgfw.efi"))
        let applied = try run("apply")
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(exists("out/tftpboot/bcd/w11.bcd") && file("out/tftpboot/grub/hosts/52:54:00:00:00:21.cfg")?.contains("chainloader '/winpe/w11/bootmgfw.efi'") == true)
    }

    /// A Windows ISO's files name the same things in lower case (`boot/bcd`, `efi/boot/bootx64.efi`):
    /// the build finds them, writes the wimboot folder under the names wimboot and the boot manager
    /// profiles use, and the ISO boots from the media's own `boot/etfsboot.com`.
    @Test func winpeBuildTakesAWindowsISOsLowerCaseNames() throws {
        try write(Self.site + Self.hosts)
        let media = try makeMedia(at: "iso-files", lowercase: true)
        let built = try run("winpe", "build", "--media", media.path, "--out", "pe")
        try #require(built.status == 0, "\(built.stderr)")
        for (name, source) in [("Boot/BCD", "boot/bcd"), ("Boot/boot.sdi", "boot/boot.sdi"), ("bootmgfw.efi", "efi/boot/bootx64.efi"), ("bootmgr", "bootmgr")] {
            #expect(try Data(contentsOf: folder.appendingPathComponent("pe/wimboot/\(name)")) == Data(contentsOf: media.appendingPathComponent(source)), "\(name)")
        }
        let report = try ProcessRunner.run("xorriso", ["-indev", folder.appendingPathComponent("pe/winpe.iso").path, "-report_el_torito", "plain"])
        #expect(report.output.contains("El Torito img path :   1  /boot/etfsboot.com") && report.output.contains("El Torito img path :   2  /efi/microsoft/boot/efisys.bin"),
                "\(report.output)")
    }
}
