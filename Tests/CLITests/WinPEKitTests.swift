import Foundation
import TestSupport
import Testing

/// The WinPE kit through the binary: share folders per mode, the image check against a real WIM,
/// `image inspect`, `winpe startnet` and Scripts/winpe-startnet.
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

    @Test func startnetGoesIntoABootWIMWithWimlib() throws {
        try write("reader-pass\n", to: "share-password")
        try write(Self.site.replacingOccurrences(of: "windows-media'}", with: "windows-media', user: 'PXE\\reader', password_file: share-password}") + Self.hosts)
        let printed = try run("winpe", "startnet")
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.contains("net use Z: \"\\\\pxe-server\\windows-media\" /user:\"PXE\\reader\" \"reader-pass\""))
        try makeWIM(at: "boot.wim")
        let script = Self.binary.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Scripts/winpe-startnet").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = ["-c", folder.appendingPathComponent("zerotouch.yaml").path, folder.appendingPathComponent("boot.wim").path, "2"]
        process.environment = ProcessInfo.processInfo.environment.merging(["ZEROTOUCH_BIN": Self.binary.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let extract = Process()
        extract.executableURL = URL(fileURLWithPath: "/usr/bin/wimlib-imagex")
        extract.arguments = ["extract", folder.appendingPathComponent("boot.wim").path, "2", "/Windows/System32/startnet.cmd",
                             "--dest-dir=\(folder.appendingPathComponent("extracted").path)", "--no-acls"]
        extract.standardOutput = FileHandle.nullDevice
        try extract.run()
        extract.waitUntilExit()
        #expect(file("extracted/startnet.cmd") == printed.stdout, "image 2 of boot.wim now holds the printed startnet.cmd")
    }
}
