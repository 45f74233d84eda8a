import Fleet
import Foundation
import Render
import TestSupport
import Testing

/// The BCD store Windows' boot manager reads to start WinPE over the network, read back by Debian's
/// hivex (`hivexregedit --export`, the Perl tool over libhivex), not by ZeroTouch's own code: it must
/// open as a registry hive and hold what a store made with bcdedit for this purpose holds
/// (Fixtures/bcd, from the bcdedit commands deployment scripts run).
struct BCDStoreTests {
    /// One exported key: its path under the root and its values as hivexregedit prints them.
    typealias Export = [String: [String: String]]

    static func export(_ hive: [UInt8]) throws -> (export: Export, text: String) {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("BCD")
        try Data(hive).write(to: file)
        let run = try ProcessRunner.run("hivexregedit", ["--export", file.path, "\\"])
        try #require(run.status == 0, "hivexregedit could not read the store: \(run.output)")
        var keys: Export = [:]
        var current = ""
        for line in run.stdout.split(separator: "\n").map(String.init) {
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast())
                keys[current, default: [:]] = [:]
            } else if let equals = line.range(of: "\"=") {
                keys[current, default: [:]][String(line[line.index(after: line.startIndex)..<equals.lowerBound])] = String(line[equals.upperBound...])
            }
        }
        return (keys, run.stdout)
    }

    /// `hex(3):01,02` or `str(1):"x"` as bytes; hivexregedit writes every type as hex(N) with --unsafe-printable-strings off.
    static func bytes(_ exported: String) -> [UInt8] {
        guard let colon = exported.firstIndex(of: ":") else { return [] }
        return exported[exported.index(after: colon)...].split(separator: ",").compactMap { UInt8($0.trimmingCharacters(in: .whitespaces), radix: 16) }
    }

    static func utf16(_ bytes: some Collection<UInt8>) -> String {
        let units = stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[bytes.index(bytes.startIndex, offsetBy: $0)]) | UInt16(bytes[bytes.index(bytes.startIndex, offsetBy: $0 + 1)]) << 8 }
        return String(decoding: units.prefix { $0 != 0 }, as: UTF16.self)
    }

    static let boot = BCDStore.RamdiskBoot(directory: try! BootPath("winpe/w11"), firmware: .uefi)

    @Test func hivexOpensTheStoreAndFindsWhatBcdeditWritesForAWinPERamdiskBoot() throws {
        let (keys, text) = try Self.export(BCDStore.render(Self.boot))
        let fixture = try String(contentsOf: Bundle.module.url(forResource: "Fixtures/bcd/bcdedit-winpe-ramdisk", withExtension: "txt")!, encoding: .utf8)
        var object = ""
        for line in fixture.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ").map(String.init)
            if fields[0] == "object" {
                // The entry bcdedit makes for WinPE gets a new GUID; ZeroTouch's is fixed.
                object = fields[1] == "osloader" ? BCDStore.winPELoader : fields[1]
                let type = try #require(keys["\\Objects\\\(object)\\Description"]?["Type"], "no object \(object) in:\n\(text)")
                #expect(type == "dword:" + fields[2], "object \(object)")
                continue
            }
            let value = try #require(keys["\\Objects\\\(object)\\Elements\\\(fields[0])"]?["Element"], "object \(object) has no \(fields[1]) (\(fields[0])):\n\(text)")
            switch fields[2] {
            case "string": #expect(value.hasPrefix("hex(1):") || value.hasPrefix("\""), "\(fields[1]): \(value)")
            case "objects": #expect(value.hasPrefix("hex(7):"), "\(fields[1]): \(value)")
            case "integer": #expect(value.hasPrefix("hex(3):") && Self.bytes(value).count == 8, "\(fields[1]): \(value)")
            case "boolean": #expect(Self.bytes(value) == [1], "\(fields[1]): \(value)")
            case "device-boot": #expect(Self.bytes(value) == BCDStore.bootDevice, "\(fields[1]): \(value)")
            case "device-ramdisk": #expect(Self.bytes(value).count > 100, "\(fields[1]): \(value)")
            default: Issue.record("fixture: unknown kind \(fields[2])")
            }
        }
    }

    @Test func theRamdiskPointsAtTheProfilesBootWIMAndSDIFromTheTFTPRoot() throws {
        let (keys, text) = try Self.export(BCDStore.render(Self.boot))
        let elements = "\\Objects\\\(BCDStore.winPELoader)\\Elements\\"
        let device = Self.bytes(try #require(keys[elements + "11000001"]?["Element"], "\(text)"))
        #expect(Self.bytes(try #require(keys[elements + "21000001"]?["Element"])) == device)
        // The options object, then a block-I/O device (type 0) whose size counts the rest of the value.
        #expect(Array(device.prefix(16)) == [0xE0, 0x34, 0x55, 0xAE, 0x24, 0xA9, 0x6C, 0x46, 0xB8, 0x36, 0x75, 0x85, 0x39, 0xA3, 0xEE, 0x3A])
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(device[at + $1]) << (8 * $1) } }
        #expect(u32(16) == 0 && u32(24) == device.count - 16)
        // A RAM disk (3) over a file (version 1, type 5) on the boot device, whose length runs to the end.
        #expect(u32(32) == 3)
        let file = 32 + 24
        #expect(u32(file) == 1 && u32(file + 4) == device.count - file && u32(file + 8) == 5 && u32(file + 12) == 5)
        #expect(Self.utf16(device[(file + 12 + 72)...]) == "\\winpe\\w11\\sources\\boot.wim")
        let sdi = "\\Objects\\\(BCDStore.ramdiskOptions)\\Elements\\32000004"
        #expect(Self.utf16(Self.bytes(try #require(keys[sdi]?["Element"]))) == "\\winpe\\w11\\Boot\\boot.sdi")
        let loader = Self.utf16(Self.bytes(try #require(keys[elements + "12000002"]?["Element"])))
        #expect(loader == "\\windows\\system32\\boot\\winload.efi")
        // The TFTP options the boot manager asks for when it reads boot.wim: 1456-byte blocks, a window of 16.
        let options = "\\Objects\\\(BCDStore.ramdiskOptions)\\Elements\\"
        #expect(Self.bytes(try #require(keys[options + "35000007"]?["Element"])) == [0xB0, 0x05, 0, 0, 0, 0, 0, 0])
        #expect(Self.bytes(try #require(keys[options + "35000008"]?["Element"])) == [16, 0, 0, 0, 0, 0, 0, 0])
        let order = Self.bytes(try #require(keys["\\Objects\\\(BCDStore.bootManager)\\Elements\\24000001"]?["Element"]))
        #expect(Self.utf16(order) == BCDStore.winPELoader)
    }

    @Test func theSameProfileGivesTheSameBytesAndABIOSStoreLoadsWinloadExe() throws {
        #expect(BCDStore.render(Self.boot) == BCDStore.render(Self.boot))
        let bios = BCDStore.RamdiskBoot(directory: try BootPath("winpe/w11"), firmware: .bios)
        let (keys, _) = try Self.export(BCDStore.render(bios))
        let path = try #require(keys["\\Objects\\\(BCDStore.winPELoader)\\Elements\\12000002"]?["Element"])
        #expect(Self.utf16(Self.bytes(path)) == "\\windows\\system32\\winload.exe")
    }
}
