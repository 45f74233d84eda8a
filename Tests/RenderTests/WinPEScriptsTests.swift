import Fleet
import Foundation
import Render
import Testing

struct WinPEScriptsTests {
    static let mac = try! MACAddress("08:00:27:b2:40:3e")
    static let host = Fleet.Host(name: "W2K8-WEB01", macs: [mac], profile: "w")
    static let image = WindowsImage(wim: try! BootPath("images/w2k8r2.wim"), index: 2)

    static func profile(_ os: OSKind = .windows, firmware: Firmware = .bios, tool: WindowsDeployment.Tool = .dism, recovery: Bool = false) -> Profile {
        Profile(name: "w", os: os, firmware: firmware, boot: .winpeISO(try! BootPath("winpe.iso")), image: image,
                deployment: WindowsDeployment(tool: tool, diskNumber: 1, layout: firmware == .uefi ? .gpt : .mbr, recovery: recovery))
    }

    @Test(arguments: [" ", "^", "&", "|", "<", ">", "(", ")", "a b & c (d) ^e |f <g> h"])
    func whatQuotesProtectIsQuoted(_ value: String) throws {
        #expect(try BatchText.quoted(value, what: "x") == "\"\(value)\"")
    }

    @Test(arguments: ["\"", "%", "%PATH%", "!x!", "a\nb", "a\rb"])
    func whatQuotesCannotProtectIsRefused(_ value: String) {
        #expect(throws: BatchText.Unsafe.self) { try BatchText.quoted(value, what: "the value") }
    }

    /// Goldens checked by eye against Microsoft's diskpart/DISM/bcdboot samples and FORMATS.md §5.
    @Test(arguments: [
        ("autorun-bios-dism", OSKind.windows, Firmware.bios, WindowsDeployment.Tool.dism, false, HostMode.install),
        ("autorun-uefi-imagex", .windows, .uefi, .imagex, true, .install),
        ("autorun-legacy", .windowsLegacy, .bios, .imagex, false, .install),
        ("autorun-capture", .windows, .bios, .dism, false, .capture),
    ])
    func autorunMatchesGoldenAndEveryStepStopsOnFailure(_ name: String, _ os: OSKind, _ firmware: Firmware, _ tool: WindowsDeployment.Tool,
                                                         _ recovery: Bool, _ mode: HostMode) throws {
        let text = try AutorunScript.render(host: Self.host, profile: Self.profile(os, firmware: firmware, tool: tool, recovery: recovery), mode: mode)
        try PXELinuxConfigTests.expect(text, golden: name)
        let lines = text.components(separatedBy: "\r\n")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF throughout")
        // Every tool runs logged and is followed by a check that stops at the first failure.
        let tools = ["diskpart ", "dism ", "imagex ", "copy ", "bcdboot "]
        for (index, line) in lines.enumerated() where tools.contains(where: line.hasPrefix) {
            #expect(line.hasSuffix(">> \"%LOG%\" 2>&1") && lines[index + 1] == "if errorlevel 1 goto failed" && lines[index + 2] == "if not errorlevel 0 goto failed", "\(line)")
        }
        let phases = lines.compactMap { line in line.hasPrefix("call \"%MARK%\" \"%HERE%\" ") ? line.split(separator: " ")[3] : nil }
        let expected: [Substring] = mode == .capture ? ["started", "captured", "done", "failed"] : ["started", "partitioned", "applied", "done", "failed"]
        #expect(phases == expected)
        if mode == .install {
            let partitioned = lines.firstIndex { $0.hasSuffix(" partitioned") }!
            #expect(lines.firstIndex { $0.hasPrefix("dism ") || $0.hasPrefix("imagex ") }! > partitioned, "nothing touches the disk before diskpart succeeded")
            #expect(text.contains("bcdboot") == (os == .windows) && text.contains(firmware == .uefi ? "/f UEFI" : "/f BIOS") == (os == .windows))
        }
        for line in lines { #expect(line.filter { $0 == "\"" }.count % 2 == 0, "balanced quotes: \(line)") }
    }

    @Test(arguments: [
        ("diskpart-mbr", Firmware.bios, false, OSKind.windows), ("diskpart-mbr-recovery", .bios, true, .windows),
        ("diskpart-gpt", .uefi, false, .windows), ("diskpart-gpt-recovery", .uefi, true, .windows), ("diskpart-legacy", .bios, false, .windowsLegacy),
    ])
    func diskpartMatchesGolden(_ name: String, _ firmware: Firmware, _ recovery: Bool, _ os: OSKind) throws {
        let text = DiskpartScript.render(Self.profile(os, firmware: firmware, recovery: recovery).deployment, legacy: os == .windowsLegacy)
        try PXELinuxConfigTests.expect(text, golden: name)
        let letters = text.components(separatedBy: "assign letter=").dropFirst().map { $0.prefix(3) }
        #expect(!letters.contains("\"X\"") && !letters.contains("\"Z\""), "never WinPE's X: or the share's Z:")
        #expect(text.hasPrefix("rem ") && text.contains("select disk 1\r\nclean\r\n"))
    }

    @Test func startnetMatchesGoldenAndRefusesWhatItCannotQuote() throws {
        let text = try StartnetScript.render(unc: "\\\\pxe-server\\windows-media", user: "PXE\\reader", password: "r&ad (only)")
        try PXELinuxConfigTests.expect(text, golden: "startnet")
        #expect(text.contains("net use Z: \"\\\\pxe-server\\windows-media\" /user:\"PXE\\reader\" \"r&ad (only)\" >nul 2>&1"))
        #expect(throws: BatchText.Unsafe.self) { try StartnetScript.render(unc: "\\\\s\\x", user: "u", password: "100%") }
    }

    /// Real WIMs, made here with wimlib-imagex (Debian's wimtools).
    @Test func readsTheImageListOfARealWIMAndRefusesBrokenOnes() throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("zt-wim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("src/Windows"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "x".write(to: folder.appendingPathComponent("src/Windows/a.txt"), atomically: true, encoding: .utf8)
        let wim = folder.appendingPathComponent("t.wim").path
        for arguments in [["capture", folder.appendingPathComponent("src").path, wim, "Server Standard", "the first"],
                          ["append", folder.appendingPathComponent("src").path, wim, "Server Datacenter", "--image-property", "WINDOWS/ARCH=12",
                           "--image-property", "WINDOWS/EDITIONID=ServerDatacenter"]] {
            let result = try Daemon.run("wimlib-imagex", arguments)
            try #require(result.status == 0, "\(result.output)")
        }
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: wim)))
        let range = try WIMInfo.xmlRange(header: Array(bytes.prefix(WIMInfo.headerSize)), fileSize: bytes.count)
        #expect(range.imageCount == 2)
        let info = try WIMInfo(xml: Array(bytes[range.offset..<range.offset + range.size]), name: wim)
        #expect(info.images.map(\.index) == [1, 2] && info.images.map(\.name) == ["Server Standard", "Server Datacenter"])
        #expect(info.images[0].description == "the first" && info.images[0].architecture == nil)
        #expect(info.images[1].architecture == .arm64 && info.images[1].edition == "ServerDatacenter")

        #expect { try WIMInfo.xmlRange(header: Array(bytes.prefix(100)), fileSize: 100) } throws: { "\($0)".contains("truncated") }
        #expect { try WIMInfo.xmlRange(header: Array(bytes.prefix(WIMInfo.headerSize)), fileSize: range.offset + 10) } throws: { "\($0)".contains("truncated") }
        #expect { try WIMInfo.xmlRange(header: Array("PK\u{3}\u{4}".utf8) + [UInt8](repeating: 0, count: 300), fileSize: 304) } throws: { "\($0)".contains("not a WIM") }
    }
}
