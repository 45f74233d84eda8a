import Fleet
import Foundation
import Render
import Testing

struct SysprepDocumentTests {
    static func shipped(filePath: String = #filePath) throws -> IniDocument {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("../../Answerfiles/windows-2003-sysprep.inf")
        return IniDocument(parsing: try String(contentsOf: url, encoding: .utf8))
    }

    static let host = Fleet.Host(name: "W2K3-FILE01", macs: [try! MACAddress("00:0c:29:aa:bb:cc")], profile: "w2k3")

    static var settings: WindowsSettings {
        var settings = WindowsSettings()
        settings.timeZone = "W. Europe Standard Time"
        settings.owner = "IT & Ops"
        settings.organization = "Example Corp"
        settings.autoLogonCount = 1
        settings.domain = DomainJoin(name: "corp.example.com", organizationalUnit: "OU=Servers,DC=corp,DC=example,DC=com", user: "CORP\\joiner", password: .environment("J"))
        settings.firstLogon = ["cmd /c echo done > C:\\done.txt"]
        return settings
    }

    static let secrets = AnswerSecrets(adminPassword: "Pa ss;word", productKey: "abcde-fghij-klmno-pqrst-uvwxy", joinPassword: "j0in!")

    /// Checked by eye against FORMATS.md §7: quoted FullName/OrgName/ProductKey/AdminPassword,
    /// unquoted ComputerName, TimeZone as an index, the workgroup replaced by the domain.
    @Test func shippedBaseMatchesGolden() throws {
        let rendered = try SysprepDocument.render(base: try Self.shipped(), host: Self.host, settings: Self.settings, secrets: Self.secrets)
        let text = String(decoding: rendered.content, as: UTF8.self)
        try PXELinuxConfigTests.expect(text, golden: "sysprep-windows-2003")
        let document = IniDocument(parsing: text)
        #expect(document.value("UserData", "ComputerName") == "W2K3-FILE01")
        #expect(document.value("userdata", "productkey") == "\"ABCDE-FGHIJ-KLMNO-PQRST-UVWXY\"", "keys are case-insensitive")
        #expect(document.value("GuiUnattended", "TimeZone") == "110")
        #expect(document.value("GuiUnattended", "AdminPassword") == "\"Pa ss;word\"")
        #expect(document.value("Identification", "JoinWorkgroup") == nil && document.value("Identification", "JoinDomain") == "corp.example.com")
        #expect(document.value("GuiRunOnce", "Command0") == "\"cmd /c echo done > C:\\done.txt\"")
        #expect(text.contains("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF throughout")
        #expect(rendered.notes.isEmpty)
    }

    @Test func keepsTheBasesOtherLinesSectionsAndCommentsInOrder() throws {
        let base = IniDocument(parsing: "; operator note\r\n[Unattended]\r\nOemSkipEula=Yes\r\n\r\n[userdata]\r\ncomputername = OLD\r\n; keep me\r\n[Branding]\r\nBrandIEUsingUnattended=Yes\r\n")
        var settings = WindowsSettings()
        settings.workgroup = "LAB"
        let text = String(decoding: try SysprepDocument.render(base: base, host: Self.host, settings: settings, secrets: AnswerSecrets()).content, as: UTF8.self)
        #expect(text == "; operator note\r\n[Unattended]\r\nOemSkipEula=Yes\r\n\r\n[userdata]\r\ncomputername=W2K3-FILE01\r\n; keep me\r\n[Branding]\r\nBrandIEUsingUnattended=Yes\r\n\r\n[Identification]\r\nJoinWorkgroup=LAB\r\n")
    }

    /// With driver sets, mini-setup is pointed at the folders autorun.bat copies (Drivers\1…); the
    /// base's own folders stay first; without, the base's line is left as it was.
    @Test func driverSetsAddTheCopiedFoldersToOemPnPDriversPath() throws {
        let base = IniDocument(parsing: "[Unattended]\r\nOemPnPDriversPath=\"Drivers\\Image\"\r\n")
        var settings = WindowsSettings()
        settings.drivers = DriverChoice(always: ["storage-common"])
        let text = String(decoding: try SysprepDocument.render(base: base, host: Self.host, settings: settings, secrets: AnswerSecrets()).content, as: UTF8.self)
        let path = try #require(IniDocument(parsing: text).value("Unattended", "OemPnPDriversPath"))
        #expect(path.hasPrefix("\"Drivers\\Image;Drivers\\1;Drivers\\2;") && path.hasSuffix(";Drivers\\\(DriverChoice.legacyFolders)\""), "\(path)")
        #expect(path.count < 4096, "Windows reads up to 4096 characters of it")
        let plain = String(decoding: try SysprepDocument.render(base: base, host: Self.host, settings: WindowsSettings(), secrets: AnswerSecrets()).content, as: UTF8.self)
        #expect(IniDocument(parsing: plain).value("Unattended", "OemPnPDriversPath") == "\"Drivers\\Image\"")
    }

    @Test func refusesWhatSysprepInfCannotSayAndNeverEchoesSecrets() throws {
        var quote = Self.settings
        quote.owner = "The \"A\" Team"
        #expect { try SysprepDocument.render(base: try Self.shipped(), host: Self.host, settings: quote, secrets: Self.secrets) } throws: {
            "\($0)".contains("owner 'The \"A\" Team' contains '\"'")
        }
        #expect { try SysprepDocument.render(base: try Self.shipped(), host: Self.host, settings: Self.settings, secrets: AnswerSecrets(adminPassword: "a\"b")) } throws: {
            "\($0)" == "the admin password contains '\"', which Sysprep.inf cannot quote"
        }
        #expect { try SysprepDocument.render(base: try Self.shipped(), host: Self.host, settings: Self.settings, secrets: AnswerSecrets(productKey: "SECRET-KEY")) } throws: {
            "\($0)".contains("product key is not five groups") && !"\($0)".contains("SECRET")
        }
        var zone = Self.settings
        zone.timeZone = "UTC"
        #expect { try SysprepDocument.render(base: try Self.shipped(), host: Self.host, settings: zone, secrets: Self.secrets) } throws: {
            "\($0)".contains("'UTC' has no Sysprep.inf index")
        }
    }

    @Test func saysWhatItCannotExpressInsteadOfDroppingItSilently() throws {
        let host = Fleet.Host(name: "W2K3-FILE01", macs: Self.host.macs, profile: "w2k3", network: HostNetwork(interface: try IPv4Interface("192.168.1.50/24")))
        var settings = Self.settings
        settings.specialize = ["cmd"]
        let notes = try SysprepDocument.render(base: try Self.shipped(), host: host, settings: settings, secrets: Self.secrets).notes
        #expect(notes.count == 2 && notes[0].contains("cannot give a NIC a static address") && notes[1].contains("no specialize pass"))
    }
}
