import Fleet
import Foundation
import Render
import Testing
import XML

struct UnattendDocumentTests {
    static let ns = ["u": UnattendDocument.namespace, "wcm": UnattendDocument.wcm]
    static let mac = try! MACAddress("08:00:27:b2:40:3e")

    static func fixture(_ name: String) throws -> XMLDocument {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "xml"))
        return try XMLDocument(parsing: Array(try Data(contentsOf: url)), name: name)
    }

    static func shipped(_ name: String, filePath: String = #filePath) throws -> XMLDocument {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("../../Answerfiles/\(name)")
        return try XMLDocument(parsing: Array(try Data(contentsOf: url)), name: name)
    }

    static let host = Fleet.Host(name: "W2K8-WEB01", macs: [mac], profile: "w2k8r2",
                           network: HostNetwork(interface: try! IPv4Interface("192.168.1.188/24"), gateway: try! IPv4Address("192.168.1.166"),
                                                dns: [try! IPv4Address("192.168.1.166"), try! IPv4Address("192.168.1.1")]))
    static let profile = Profile(name: "w2k8r2", os: .windows, boot: .winpeISO(try! BootPath("winpe.iso")))

    static var settings: WindowsSettings {
        var settings = WindowsSettings()
        settings.timeZone = "W. Europe Standard Time"
        settings.owner = "IT & <Ops> \"Team\" 'A'"
        settings.organization = "Example Corp"
        settings.autoLogonCount = 2
        settings.domain = DomainJoin(name: "corp.example.com", organizationalUnit: "OU=Labs,DC=corp,DC=example,DC=com",
                                     user: "CORP\\joiner", password: .environment("ZT_JOIN"))
        settings.locale = "de-DE"
        settings.firstLogon = ["cmd /c echo %COMPUTERNAME% > C:\\done.txt & exit"]
        settings.specialize = ["reg add HKLM\\Software\\ZeroTouch /v Ready /d 1 /f"]
        return settings
    }

    static let secrets = AnswerSecrets(adminPassword: "pw", productKey: "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX", joinPassword: "j&<oin")

    static func render(_ base: XMLDocument, host: Fleet.Host = host, settings: WindowsSettings = settings, secrets: AnswerSecrets = secrets,
                       profile: Profile = profile) throws -> XMLDocument {
        let bytes = try UnattendDocument.render(base: base, host: host, profile: profile, settings: settings, secrets: secrets)
        return try XMLDocument(parsing: bytes, name: "rendered.xml")
    }

    static func value(_ document: XMLDocument, _ xpath: String) throws -> [String] {
        try document.select(xpath, namespaces: ns).map(\.text)
    }

    static func component(_ pass: String, _ name: String, arch: String = "amd64") -> String {
        "/u:unattend/u:settings[@pass='\(pass)']/u:component[@name='\(name)'][@processorArchitecture='\(arch)']"
    }

    /// Microsoft's published example: `pw` as AdministratorPassword.
    @Test func passwordsUseWindowsEncoding() {
        #expect(UnattendDocument.encodedPassword("pw", suffix: "AdministratorPassword") == "cAB3AEEAZABtAGkAbgBpAHMAdAByAGEAdABvAHIAUABhAHMAcwB3AG8AcgBkAA==")
        #expect(UnattendDocument.encodedPassword("", suffix: "Password") == "UABhAHMAcwB3AG8AcgBkAA==")
    }

    @Test func everySettingLandsInItsPassAndComponent() throws {
        let document = try Self.render(try Self.fixture("base-root-namespaces"))
        let shell = Self.component("specialize", "Microsoft-Windows-Shell-Setup")
        #expect(try Self.value(document, shell + "/u:ComputerName") == ["W2K8-WEB01"])
        #expect(try Self.value(document, shell + "/u:TimeZone") == ["W. Europe Standard Time"])
        #expect(try Self.value(document, shell + "/u:RegisteredOwner") == ["IT & <Ops> \"Team\" 'A'"])
        #expect(try Self.value(document, shell + "/u:ProductKey") == ["XXXXX-XXXXX-XXXXX-XXXXX-XXXXX"])
        #expect(try Self.value(document, shell + "/u:CopyProfile") == ["true"], "unmanaged settings stay")

        let join = Self.component("specialize", "Microsoft-Windows-UnattendedJoin") + "/u:Identification"
        #expect(try Self.value(document, join + "/u:Credentials/u:Domain") == ["CORP"])
        #expect(try Self.value(document, join + "/u:Credentials/u:Username") == ["joiner"])
        #expect(try Self.value(document, join + "/u:Credentials/u:Password") == ["j&<oin"])
        #expect(try Self.value(document, join + "/u:JoinDomain") == ["corp.example.com"])
        #expect(try Self.value(document, join + "/u:MachineObjectOU") == ["OU=Labs,DC=corp,DC=example,DC=com"])
        #expect(try Self.value(document, join + "/u:JoinWorkgroup").isEmpty)

        let run = Self.component("specialize", "Microsoft-Windows-Deployment") + "/u:RunSynchronous/u:RunSynchronousCommand[@wcm:action='add']"
        #expect(try Self.value(document, run + "/u:Path") == ["reg add HKLM\\Software\\ZeroTouch /v Ready /d 1 /f"])

        let oobe = Self.component("oobeSystem", "Microsoft-Windows-Shell-Setup")
        #expect(try Self.value(document, oobe + "/u:UserAccounts/u:AdministratorPassword/u:Value")
            == [UnattendDocument.encodedPassword("pw", suffix: "AdministratorPassword")])
        #expect(try Self.value(document, oobe + "/u:UserAccounts/u:AdministratorPassword/u:PlainText") == ["false"])
        #expect(try Self.value(document, oobe + "/u:AutoLogon/u:Password/u:Value") == [UnattendDocument.encodedPassword("pw", suffix: "Password")])
        #expect(try Self.value(document, oobe + "/u:AutoLogon/u:LogonCount") == ["2"])
        #expect(try Self.value(document, oobe + "/u:FirstLogonCommands/u:SynchronousCommand/u:CommandLine")
            == ["cmd /c echo base", "cmd /c echo %COMPUTERNAME% > C:\\done.txt & exit"], "the base's command stays first")
        #expect(try Self.value(document, oobe + "/u:FirstLogonCommands/u:SynchronousCommand/u:Order") == ["1", "2"])
        #expect(try Self.value(document, oobe + "/u:OOBE/u:HideEULAPage") == ["true"])
        let international = Self.component("oobeSystem", "Microsoft-Windows-International-Core")
        #expect(try Self.value(document, international + "/u:UILanguage") == ["de-DE"])
        let text = String(decoding: document.serialized(), as: UTF8.self)
        #expect(!text.contains(">pw<") && !text.contains("XXXXX-XXXXX-XXXXX-XXXXX-XXXXY"))
    }

    @Test func staticAddressReplacesTheNICsEntryInWindowsOrderAndKeepsOtherNICs() throws {
        let document = try Self.render(try Self.fixture("base-root-namespaces"))
        let interfaces = Self.component("specialize", "Microsoft-Windows-TCPIP") + "/u:Interfaces/u:Interface"
        #expect(try Self.value(document, interfaces + "/u:Identifier") == ["Local Area Connection 2", "08-00-27-B2-40-3E"])
        let ours = try #require(try document.select(interfaces + "[u:Identifier='08-00-27-B2-40-3E']", namespaces: Self.ns).first)
        #expect(ours.children.map(\.name) == ["Ipv4Settings", "Identifier", "UnicastIpAddresses", "Routes"])
        #expect(try Self.value(document, interfaces + "[u:Identifier='08-00-27-B2-40-3E']/u:Ipv4Settings/u:DhcpEnabled") == ["false"])
        #expect(try Self.value(document, interfaces + "/u:UnicastIpAddresses/u:IpAddress[@wcm:keyValue='1']") == ["192.168.1.188/24"])
        let route = try #require(try document.select(interfaces + "/u:Routes/u:Route", namespaces: Self.ns).first)
        #expect(route.children.map(\.name) == ["Identifier", "Metric", "NextHopAddress", "Prefix"])
        #expect(try Self.value(document, interfaces + "/u:Routes/u:Route/u:Prefix") == ["0.0.0.0/0"])
        let dns = Self.component("specialize", "Microsoft-Windows-DNS-Client") + "/u:Interfaces/u:Interface/u:DNSServerSearchOrder/u:IpAddress"
        #expect(try Self.value(document, dns) == ["192.168.1.166", "192.168.1.1"])
    }

    @Test func everyStaticNICGetsItsOwnInterfaceAndTheDNSSuffix() throws {
        var settings = WindowsSettings()
        settings.dnsSuffix = "lab.example.com"
        let second = try MACAddress("08:00:27:b2:40:3f")
        let networks = [(mac: Self.mac, network: Self.host.network!),
                        (mac: second, network: HostNetwork(interface: try IPv4Interface("10.9.0.5/16")))]
        let bytes = try UnattendDocument.render(base: try Self.fixture("base-root-namespaces"), host: Self.host, profile: Self.profile,
                                                settings: settings, secrets: AnswerSecrets(), networks: networks)
        let document = try XMLDocument(parsing: bytes, name: "rendered.xml")
        let tcpip = Self.component("specialize", "Microsoft-Windows-TCPIP") + "/u:Interfaces/u:Interface"
        #expect(try Self.value(document, tcpip + "[u:Identifier='08-00-27-B2-40-3F']/u:UnicastIpAddresses/u:IpAddress") == ["10.9.0.5/16"])
        #expect(try Self.value(document, tcpip + "[u:Identifier='08-00-27-B2-40-3F']/u:Routes").isEmpty, "no gateway, no route")
        let dns = Self.component("specialize", "Microsoft-Windows-DNS-Client") + "/u:Interfaces/u:Interface"
        #expect(try Self.value(document, dns + "/u:DNSDomain") == ["lab.example.com", "lab.example.com"])
        let first = try #require(try document.select(dns + "[u:Identifier='08-00-27-B2-40-3E']", namespaces: Self.ns).first)
        #expect(first.children.map(\.name) == ["Identifier", "DNSServerSearchOrder", "DNSDomain"])
    }

    /// Personalizing changes only the managed settings: with nothing to set but the name, and the
    /// name put back, the document is the base, by canonical XML.
    @Test(arguments: ["base-root-namespaces", "base-component-namespaces"])
    func everythingElseIsKept(_ fixture: String) throws {
        let base = try Self.fixture(fixture)
        let bare = Fleet.Host(name: "WEB01", macs: [Self.mac], profile: "w")
        let arm = Profile(name: "w", os: .windows, arch: fixture == "base-component-namespaces" ? .arm64 : .amd64, boot: .winpeISO(try BootPath("w.iso")))
        let document = try Self.render(base, host: bare, settings: WindowsSettings(), secrets: AnswerSecrets(), profile: arm)
        let name = try #require(try document.select(Self.component("specialize", "Microsoft-Windows-Shell-Setup", arch: arm.arch.rawValue) + "/u:ComputerName",
                                                    namespaces: Self.ns).first)
        #expect(name.text == "WEB01")
        if fixture == "base-root-namespaces" {
            name.setText("*")
        } else {
            // This base had no specialize pass: the created one is all that differs.
            try #require(try document.select("/u:unattend/u:settings[@pass='specialize']", namespaces: Self.ns).first).remove()
        }
        #expect(String(decoding: document.canonical(), as: UTF8.self) == String(decoding: base.canonical(), as: UTF8.self))
    }

    @Test func createsPassesInWindowsOrderAndComponentsForTheProfilesArchitecture() throws {
        let document = try Self.render(try Self.fixture("base-component-namespaces"),
                                       profile: Profile(name: "w", os: .windows, arch: .arm64, boot: .winpeISO(try BootPath("w.iso"))))
        #expect(try document.select("/u:unattend/u:settings", namespaces: Self.ns).map { $0.attribute("pass") ?? "" } == ["specialize", "oobeSystem"])
        #expect(try Self.value(document, Self.component("oobeSystem", "Microsoft-Windows-International-Core", arch: "arm64") + "/u:InputLocale") == ["de-DE"])
        let created = try #require(try document.select(Self.component("specialize", "Microsoft-Windows-Shell-Setup", arch: "arm64"), namespaces: Self.ns).first)
        #expect(created.attribute("publicKeyToken") == "31bf3856ad364e35" && created.attribute("versionScope") == "nonSxS")
    }

    @Test func nonASCIIAndPercentSurviveAsText() throws {
        var settings = WindowsSettings()
        settings.organization = "Müller & Söhne GmbH – 東京 %TEMP%"
        let document = try Self.render(try Self.fixture("base-root-namespaces"), settings: settings, secrets: AnswerSecrets(adminPassword: "Pässwörd€"))
        #expect(try Self.value(document, Self.component("specialize", "Microsoft-Windows-Shell-Setup") + "/u:RegisteredOrganization") == [settings.organization!])
        #expect(try Self.value(document, Self.component("oobeSystem", "Microsoft-Windows-Shell-Setup") + "/u:UserAccounts/u:AdministratorPassword/u:Value")
            == [UnattendDocument.encodedPassword("Pässwörd€", suffix: "AdministratorPassword")])
        #expect(UnattendDocument.encodedPassword("€", suffix: "") == "rCA=", "UTF-16LE of U+20AC is AC 20")
    }

    @Test func refusesADocumentThatIsNotAnUnattendFile() throws {
        let other = try XMLDocument(parsing: Array("<unattend xmlns=\"urn:other\"/>".utf8), name: "other.xml")
        #expect(throws: XMLError.self) { try UnattendDocument.render(base: other, host: Self.host, profile: Self.profile, settings: Self.settings, secrets: Self.secrets) }
    }

    /// The shipped bases, personalized for seed 004's host; checked by eye against FORMATS.md §6.
    @Test(arguments: ["windows-10.xml", "windows-10-arm64.xml", "windows-2008r2.xml", "windows-11.xml", "windows-server-2025.xml"])
    func shippedBasesMatchGolden(_ name: String) throws {
        let arch: Architecture = name.contains("arm64") ? .arm64 : .amd64
        let profile = Profile(name: "w", os: .windows, arch: arch, boot: .winpeISO(try BootPath("w.iso")))
        let bytes = try UnattendDocument.render(base: try Self.shipped(name), host: Self.host, profile: profile, settings: Self.settings, secrets: Self.secrets)
        try PXELinuxConfigTests.expect(String(decoding: bytes, as: UTF8.self), golden: "unattend-" + name.replacingOccurrences(of: ".xml", with: ""))
        let document = try XMLDocument(parsing: bytes, name: name)
        #expect(document.root?.child("settings", namespace: UnattendDocument.namespace) != nil)
        #expect(try document.select("//u:component[@processorArchitecture!='\(arch.rawValue)']", namespaces: Self.ns).isEmpty)
    }
}
