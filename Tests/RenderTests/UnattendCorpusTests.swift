import Fleet
import Foundation
import Render
import Testing
import XML

/// Every base in `Fixtures/bases` (shaped like Packer and Vagrant templates, image builders,
/// mixed-architecture, x86-only, arm64 and UTF-16 files) personalized for every host shape:
/// (a) nothing the base says is lost or moved, and (b) Windows ends with the host's values.
/// The model of what ZeroTouch manages and of Windows' pass order is written here from Microsoft's
/// unattend reference, not taken from the renderer.
struct UnattendCorpusTests {
    static let folder = Bundle.module.url(forResource: "Fixtures/bases", withExtension: nil)!
    static let bases: [String] = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".xml") }.sorted() ?? []
    static let ns = ["u": UnattendDocument.namespace, "wcm": UnattendDocument.wcm]

    /// The image architecture each base is for, by how it is named.
    static func arch(of base: String) -> Architecture {
        base.hasPrefix("arm64") ? .arm64 : base.hasSuffix("-x86.xml") ? .x86 : .amd64
    }

    struct Shape: Sendable, CustomTestStringConvertible {
        let name: String
        let networks: [(mac: MACAddress, network: HostNetwork)]
        let settings: WindowsSettings
        let secrets: AnswerSecrets
        var testDescription: String { name }
    }

    static let primary = try! MACAddress("08:00:27:b2:40:3e")
    static let second = try! MACAddress("08:00:27:b2:40:3f")

    static let shapes: [Shape] = {
        let staticNIC = HostNetwork(interface: try! IPv4Interface("192.168.1.188/24"), gateway: try! IPv4Address("192.168.1.1"),
                                    dns: [try! IPv4Address("192.168.1.2"), try! IPv4Address("192.168.1.3")])
        let secondNIC = HostNetwork(interface: try! IPv4Interface("10.9.0.5/16"))
        var full = WindowsSettings()
        full.timeZone = "W. Europe Standard Time"
        full.owner = "IT & Ops"
        full.organization = "Example <Corp>"
        full.autoLogonCount = 2
        full.workgroup = "LAB"
        full.locale = "de-DE"
        full.dnsSuffix = "lab.example.com"
        full.firstLogon = ["cmd /c echo profile first logon", ReadyScript.command]
        full.specialize = ["cmd /c echo profile specialize"]
        var joined = WindowsSettings()
        joined.domain = DomainJoin(name: "corp.example.com", organizationalUnit: "OU=Labs,DC=corp,DC=example,DC=com", user: "CORP\\joiner",
                                   password: .environment("J"))
        joined.firstLogon = [ReadyScript.command]
        var joinedStatic = joined
        joinedStatic.timeZone = "Pacific Standard Time"
        joinedStatic.specialize = ["reg add HKLM\\Software\\ZeroTouch /v A /d 1 /f", "reg add HKLM\\Software\\ZeroTouch /v B /d 2 /f"]
        var bare = WindowsSettings()
        bare.workgroup = "WORKGROUP2"
        bare.firstLogon = [ReadyScript.command]
        let key = "XXXXX-XXXXX-XXXXX-XXXXX-XXXXY"
        return [
            Shape(name: "two static NICs, workgroup, everything set", networks: [(primary, staticNIC), (second, secondNIC)], settings: full,
                  secrets: AnswerSecrets(adminPassword: "Adm1n&<pw>", productKey: key)),
            Shape(name: "DHCP, domain join", networks: [], settings: joined, secrets: AnswerSecrets(adminPassword: "pw", joinPassword: "j&oin")),
            Shape(name: "static, domain join, specialize commands", networks: [(primary, staticNIC)], settings: joinedStatic,
                  secrets: AnswerSecrets(joinPassword: "j")),
            Shape(name: "name and workgroup only", networks: [], settings: bare, secrets: AnswerSecrets()),
        ]
    }()

    static let host = Fleet.Host(name: "WEB-01", macs: [primary, second], profile: "w")

    static func load(_ name: String) throws -> XMLDocument {
        try XMLDocument(parsing: Array(try Data(contentsOf: folder.appendingPathComponent(name))), name: name)
    }

    static func render(_ base: XMLDocument, _ shape: Shape) throws -> XMLDocument {
        let profile = Profile(name: "w", os: .windows, boot: .winpeISO(try BootPath("w.iso")))
        let bytes = try UnattendDocument.render(base: base, host: host, profile: profile, settings: shape.settings, secrets: shape.secrets,
                                                networks: shape.networks)
        return try XMLDocument(parsing: bytes, name: "rendered.xml")
    }

    @Test func theCorpusHasEveryShapeTheIssueNames() {
        #expect(Self.bases.count >= 25)
        #expect(Self.bases.contains { $0.hasPrefix("utf16") } && Self.bases.contains { $0.hasPrefix("arm64") }
            && Self.bases.contains { $0.hasSuffix("-x86.xml") } && Self.bases.contains { $0.hasPrefix("mixed") })
    }

    // MARK: (a) nothing lost or moved

    /// Removes what `shape` has ZeroTouch manage from the components of the image's architecture,
    /// then containers left empty, so that what remains is what the base said on its own.
    static func strip(_ document: XMLDocument, _ shape: Shape, arch: Architecture) throws {
        let zeroTouchCommands = Set((shape.settings.firstLogon ?? []) + (shape.settings.specialize ?? []))
        let macs = Set(shape.networks.map(\.mac))
        func components(_ name: String) throws -> [XMLElement] {
            try document.select("/u:unattend/u:settings/u:component[@name='\(name)'][@processorArchitecture='\(arch.rawValue)']", namespaces: ns)
        }
        let settings = shape.settings
        var shell = [".//u:ComputerName"]
        if settings.timeZone != nil { shell.append(".//u:TimeZone") }
        if settings.owner != nil { shell.append(".//u:RegisteredOwner") }
        if settings.organization != nil { shell.append(".//u:RegisteredOrganization") }
        if shape.secrets.productKey != nil { shell.append("./u:ProductKey") }
        if shape.secrets.adminPassword != nil {
            shell.append(".//u:UserAccounts/u:AdministratorPassword")
            if settings.autoLogonCount != nil { shell.append("./u:AutoLogon") }
        }
        for component in try components("Microsoft-Windows-Shell-Setup") {
            for path in shell { for element in try component.select(path, namespaces: ns) { element.remove() } }
            for command in try component.select("./u:FirstLogonCommands/u:SynchronousCommand", namespaces: ns)
            where zeroTouchCommands.contains(command.child("CommandLine", namespace: UnattendDocument.namespace)?.text ?? "") { command.remove() }
        }
        for component in try components("Microsoft-Windows-Deployment") {
            for command in try component.select("./u:RunSynchronous/u:RunSynchronousCommand", namespaces: ns)
            where zeroTouchCommands.contains(command.child("Path", namespace: UnattendDocument.namespace)?.text ?? "") { command.remove() }
        }
        if settings.locale != nil {
            for component in try components("Microsoft-Windows-International-Core") {
                for key in ["InputLocale", "SystemLocale", "UILanguage", "UserLocale"] { component.child(key, namespace: UnattendDocument.namespace)?.remove() }
            }
        }
        for name in ["Microsoft-Windows-TCPIP", "Microsoft-Windows-DNS-Client"] {
            for component in try components(name) {
                for entry in try component.select("./u:Interfaces/u:Interface", namespaces: ns) {
                    if let id = entry.child("Identifier", namespace: UnattendDocument.namespace)?.text, let mac = try? MACAddress(id), macs.contains(mac) { entry.remove() }
                }
            }
        }
        if settings.domain != nil || settings.workgroup != nil {
            for component in try components("Microsoft-Windows-UnattendedJoin") {
                for key in ["JoinDomain", "JoinWorkgroup", "Credentials", "MachineObjectOU", "MachinePassword", "UnsecureJoin"] {
                    try component.select("./u:Identification/u:\(key)", namespaces: ns).forEach { $0.remove() }
                }
            }
        }
        // Containers left empty by the above, in both documents alike.
        var removed = true
        while removed {
            removed = false
            for element in try document.select("//u:*[not(*) and not(normalize-space(text()))]", namespaces: ns)
            where element.name != "unattend" && ["settings", "component", "Interfaces", "FirstLogonCommands", "RunSynchronous", "UserAccounts",
                                                 "Identification", "Credentials"].contains(element.name) {
                element.remove()
                removed = true
            }
        }
    }

    @Test(arguments: bases, shapes)
    func nothingTheBaseSaysIsLostOrMoved(_ name: String, _ shape: Shape) throws {
        let base = try Self.load(name)
        let rendered = try Self.render(base, shape)
        let original = try base.copy()
        try Self.strip(original, shape, arch: Self.arch(of: name))
        try Self.strip(rendered, shape, arch: Self.arch(of: name))
        let expected = String(decoding: original.canonical(exclusive: true, comments: true), as: UTF8.self)
        let actual = String(decoding: rendered.canonical(exclusive: true, comments: true), as: UTF8.self)
        #expect(actual == expected)
    }

    // MARK: (b) what Windows ends with

    /// Windows' passes after the image is applied, in order; the audit passes run only in audit mode,
    /// still before oobeSystem. A setting's value is the one of the last pass that sets it, read
    /// from the components of the image's architecture only.
    static let offlinePasses = ["specialize", "auditSystem", "auditUser", "oobeSystem"]

    static func final(_ document: XMLDocument, arch: Architecture, component: String, path: String) throws -> [XMLElement] {
        var found: [XMLElement] = []
        for pass in offlinePasses {
            let here = try document.select("/u:unattend/u:settings[@pass='\(pass)']/u:component[@name='\(component)'][@processorArchitecture='\(arch.rawValue)']/\(path)",
                                           namespaces: ns)
            if !here.isEmpty { found = here }
        }
        return found
    }

    static func finalText(_ document: XMLDocument, arch: Architecture, _ component: String, _ path: String) throws -> String? {
        try final(document, arch: arch, component: component, path: path).first?.text
    }

    /// The commands of a list in `pass`, in the order Windows runs them (by `Order`). Each pass runs
    /// its own list (FirstLogonCommands in oobeSystem, RunSynchronous in specialize).
    static func commands(_ document: XMLDocument, arch: Architecture, pass: String, component: String, list: String, text: String) throws -> [String] {
        let entries = try document.select("/u:unattend/u:settings[@pass='\(pass)']/u:component[@name='\(component)'][@processorArchitecture='\(arch.rawValue)']/\(list)",
                                          namespaces: ns)
        let pairs: [(order: Int, text: String)] = entries.map { entry in
            (Int(entry.child("Order", namespace: UnattendDocument.namespace)?.text ?? "") ?? Int.max, entry.child(text, namespace: UnattendDocument.namespace)?.text ?? "")
        }
        #expect(Set(pairs.map { $0.order }).count == pairs.count, "every Order is used once")
        return pairs.sorted { $0.order < $1.order }.map { $0.text }
    }

    @Test(arguments: bases, shapes)
    func windowsEndsWithTheHostsValues(_ name: String, _ shape: Shape) throws {
        let base = try Self.load(name)
        let document = try Self.render(base, shape)
        let arch = Self.arch(of: name)
        let settings = shape.settings
        let shell = "Microsoft-Windows-Shell-Setup"
        #expect(try Self.finalText(document, arch: arch, shell, "u:ComputerName") == "WEB-01")
        if let zone = settings.timeZone { #expect(try Self.finalText(document, arch: arch, shell, "u:TimeZone") == zone) }
        if let owner = settings.owner { #expect(try Self.finalText(document, arch: arch, shell, "u:RegisteredOwner") == owner) }
        if let organization = settings.organization { #expect(try Self.finalText(document, arch: arch, shell, "u:RegisteredOrganization") == organization) }
        if let key = shape.secrets.productKey { #expect(try Self.finalText(document, arch: arch, shell, "u:ProductKey") == key) }
        if let password = shape.secrets.adminPassword {
            #expect(try Self.finalText(document, arch: arch, shell, "u:UserAccounts/u:AdministratorPassword/u:Value")
                == UnattendDocument.encodedPassword(password, suffix: "AdministratorPassword"))
            if let count = settings.autoLogonCount {
                #expect(try Self.finalText(document, arch: arch, shell, "u:AutoLogon/u:Username") == "Administrator")
                #expect(try Self.finalText(document, arch: arch, shell, "u:AutoLogon/u:LogonCount") == String(count))
            }
        }
        if let locale = settings.locale {
            for key in ["InputLocale", "SystemLocale", "UILanguage", "UserLocale"] {
                #expect(try Self.finalText(document, arch: arch, "Microsoft-Windows-International-Core", "u:\(key)") == locale)
            }
        }
        for (mac, network) in shape.networks {
            let entry = "u:Interfaces/u:Interface[u:Identifier='\(mac.windowsSpelling)']"
            let tcpip = try Self.final(document, arch: arch, component: "Microsoft-Windows-TCPIP", path: entry)
            #expect(tcpip.count == 1, "one TCPIP entry for \(mac)")
            #expect(try Self.finalText(document, arch: arch, "Microsoft-Windows-TCPIP", entry + "/u:UnicastIpAddresses/u:IpAddress") == network.interface.description)
            #expect(try Self.finalText(document, arch: arch, "Microsoft-Windows-TCPIP", entry + "/u:Ipv4Settings/u:DhcpEnabled") == "false")
            #expect(try Self.finalText(document, arch: arch, "Microsoft-Windows-TCPIP", entry + "/u:Routes/u:Route/u:NextHopAddress") == network.gateway?.description)
            let dns = try Self.final(document, arch: arch, component: "Microsoft-Windows-DNS-Client", path: entry + "/u:DNSServerSearchOrder/u:IpAddress").map(\.text)
            #expect(dns == network.dns.map(\.description))
        }
        let join = "Microsoft-Windows-UnattendedJoin"
        if let domain = settings.domain {
            #expect(try Self.finalText(document, arch: arch, join, "u:Identification/u:JoinDomain") == domain.name)
            #expect(try Self.finalText(document, arch: arch, join, "u:Identification/u:Credentials/u:Username") == domain.credentialUser)
            #expect(try Self.finalText(document, arch: arch, join, "u:Identification/u:MachineObjectOU") == domain.organizationalUnit)
            #expect(try Self.finalText(document, arch: arch, join, "u:Identification/u:JoinWorkgroup") == nil)
        } else if let workgroup = settings.workgroup {
            #expect(try Self.finalText(document, arch: arch, join, "u:Identification/u:JoinWorkgroup") == workgroup)
            #expect(try Self.finalText(document, arch: arch, join, "u:Identification/u:JoinDomain") == nil)
        }
        let baseFirstLogon = try Self.commands(base, arch: arch, pass: "oobeSystem", component: shell, list: "u:FirstLogonCommands/u:SynchronousCommand", text: "CommandLine")
        let firstLogon = try Self.commands(document, arch: arch, pass: "oobeSystem", component: shell, list: "u:FirstLogonCommands/u:SynchronousCommand", text: "CommandLine")
        #expect(firstLogon == baseFirstLogon + (settings.firstLogon ?? []), "the base's commands first, in their order; ZeroTouch's after")
        #expect(firstLogon.last == ReadyScript.command, "ready is reported last")
        let list = "u:RunSynchronous/u:RunSynchronousCommand"
        let baseSpecialize = try Self.commands(base, arch: arch, pass: "specialize", component: "Microsoft-Windows-Deployment", list: list, text: "Path")
        #expect(try Self.commands(document, arch: arch, pass: "specialize", component: "Microsoft-Windows-Deployment", list: list, text: "Path")
            == baseSpecialize + (settings.specialize ?? []))
        #expect(try document.select("//u:component[@processorArchitecture='\(arch.rawValue)'][not(@publicKeyToken)]", namespaces: Self.ns).isEmpty)
    }

    /// A profile whose `arch` contradicts the base is refused with the base's line.
    @Test func aContradictingArchIsRefusedWithTheBasesLine() throws {
        let base = try Self.load("vagrant-vista-x86.xml")
        let profile = Profile(name: "w", os: .windows, arch: .amd64, boot: .winpeISO(try BootPath("w.iso")))
        do {
            _ = try UnattendDocument.render(base: base, host: Self.host, profile: profile, settings: WindowsSettings(), secrets: AnswerSecrets())
            Issue.record("an amd64 profile rendered an x86-only base")
        } catch {
            #expect(error.line != nil && error.message.contains("x86") && error.message.contains("arch: amd64"), "\(error)")
        }
        let agreeing = Profile(name: "w", os: .windows, arch: .x86, boot: .winpeISO(try BootPath("w.iso")))
        let document = try XMLDocument(parsing: try UnattendDocument.render(base: base, host: Self.host, profile: agreeing, settings: WindowsSettings(),
                                                                             secrets: AnswerSecrets()), name: "x86.xml")
        #expect(try document.select("//u:component[@processorArchitecture='amd64']", namespaces: Self.ns).isEmpty)
    }
}

/// `render --artifact answer --diff`: what personalizing changed, per pass and component.
struct AnswerFileDiffTests {
    @Test func showsWhatWasSetAddedAndRemovedWithSecretsMasked() throws {
        let base = try UnattendCorpusTests.load("vagrant-win7.xml")
        let shape = UnattendCorpusTests.shapes[0]
        let rendered = try UnattendCorpusTests.render(base, shape)
        let diff = AnswerFileDiff.unattend(base: base, rendered: rendered)
        let oobe = try #require(diff.range(of: "oobeSystem / Microsoft-Windows-Shell-Setup (amd64)\n"))
        let after = diff[oobe.upperBound...]
        #expect(after.contains("  ~ TimeZone: 'UTC' -> 'W. Europe Standard Time'"), "\(diff)")
        #expect(after.contains("  ~ RegisteredOwner: 'Vagrant' -> 'IT & Ops'"))
        #expect(after.contains("  + FirstLogonCommands/SynchronousCommand[Order=6]/CommandLine: 'cmd /c echo profile first logon'"))
        #expect(after.contains("  ~ UserAccounts/AdministratorPassword/Value: ******** -> ********"))
        #expect(diff.contains("specialize / Microsoft-Windows-Shell-Setup (amd64)\n  ~ ComputerName: 'vagrant-win7' -> 'WEB-01'"))
        #expect(diff.contains("  + Identification/JoinWorkgroup: 'LAB'"))
        #expect(!diff.contains("Adm1n") && !diff.contains(UnattendDocument.encodedPassword("Adm1n&<pw>", suffix: "AdministratorPassword"))
            && !diff.contains("XXXXX-XXXXX-XXXXX-XXXXX-XXXXY"), "no secret in the diff")
        #expect(!diff.contains("winrm quickconfig"), "settings that did not change are not listed")
    }

    @Test func sysprepDiffListsSectionsAndKeys() throws {
        let url = UnattendCorpusTests.folder.appendingPathComponent("sysprep-xp-guirunonce.inf")
        let base = IniDocument(decoding: Array(try Data(contentsOf: url)))
        var settings = WindowsSettings()
        settings.firstLogon = ["cmd /c echo one", ReadyScript.command]
        let rendered = try SysprepDocument.render(base: base, host: UnattendCorpusTests.host, settings: settings, secrets: AnswerSecrets(adminPassword: "pw"))
        let diff = AnswerFileDiff.sysprep(base: base, rendered: IniDocument(decoding: rendered.content))
        #expect(diff.contains("[UserData]\n  ~ ComputerName: '\"test2\"' -> 'WEB-01'"), "\(diff)")
        #expect(diff.contains("[GuiRunOnce]\n  + Command4: '\"cmd /c echo one\"'\n  + Command5:"))
        #expect(diff.contains("  ~ AdminPassword: ******** -> ********") && !diff.contains("\"pw\""))
    }
}

/// Sysprep.inf and winnt.sif bases: the base's lines stay, ZeroTouch's `[GuiRunOnce]` commands come
/// after the base's highest number, and the file keeps its encoding.
struct SysprepCorpusTests {
    static let bases = ["sysprep-xp-guirunonce.inf", "sysprep-2003-domain.inf", "winnt.sif", "sysprep-2000-lowercase.inf", "sysprep-utf16.inf"]

    @Test(arguments: bases)
    func theBasesLinesStayAndCommandsFollowTheBases(_ name: String) throws {
        let bytes = Array(try Data(contentsOf: UnattendCorpusTests.folder.appendingPathComponent(name)))
        let base = IniDocument(decoding: bytes)
        var settings = WindowsSettings()
        settings.owner = "IT Ops"
        settings.firstLogon = ["cmd /c echo zerotouch", ReadyScript.command]
        let rendered = try SysprepDocument.render(base: base, host: UnattendCorpusTests.host, settings: settings, secrets: AnswerSecrets())
        let document = IniDocument(decoding: rendered.content)
        #expect(document.encoding == base.encoding)
        let managed: Set<String> = ["userdata|computername", "userdata|fullname"]
        let kept = base.entries.filter { !managed.contains("\($0.section.lowercased())|\($0.key.lowercased())") }
        for entry in kept {
            #expect(document.value(entry.section, entry.key) == entry.value, "\(entry.section) \(entry.key)")
        }
        let numbers = base.keys(in: "GuiRunOnce").compactMap { Int($0.lowercased().dropFirst("command".count)) }
        let next = (numbers.max() ?? -1) + 1
        #expect(document.value("GuiRunOnce", "Command\(next)") == "\"cmd /c echo zerotouch\"")
        #expect(document.value("GuiRunOnce", "Command\(next + 1)") == "\"\(ReadyScript.command)\"", "ready is the last command")
        #expect(document.value("UserData", "ComputerName") == "WEB-01" && document.value("UserData", "FullName") == "\"IT Ops\"")
    }
}
