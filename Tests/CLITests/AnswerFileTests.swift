import Foundation
import Testing

/// Windows answer files end to end: what apply writes on the share, where secrets come from, and
/// what is refused.
struct AnswerFileTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    @Test func applyWritesEachWindowsHostsAnswerFileWithItsSecretEncoded() throws {
        let secret = "S3cr&t<pw>\(UUID().uuidString.prefix(6))"
        try write("\(secret)\n", to: "admin-password")
        try write(Self.windowsSite("timezone: W. Europe Standard Time, admin_password_file: admin-password, product_key_env: ZT_TEST_KEY")
            + Self.hosts.replacingOccurrences(of: "name: W2K8-WEB01,", with: "name: W2K8-WEB01, extra_macs: ['08:00:27:b2:40:3f'],"))
        let key = "ABCDE-FGHIJ-KLMNO-PQRST-UVWXY"
        let applied = try run(["apply"], environment: ["ZT_TEST_KEY": key])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("+ create share: 08-00-27-b2-40-3e/unattend.xml") && applied.stdout.contains("+ create share: 08-00-27-b2-40-3f/unattend.xml"))
        let answer = try #require(file("out/share/08-00-27-b2-40-3e/unattend.xml"))
        #expect(answer.contains("<ComputerName>W2K8-WEB01</ComputerName>") && answer.contains("<TimeZone>W. Europe Standard Time</TimeZone>"))
        #expect(answer.contains("<ProductKey>\(key)</ProductKey>"))
        var utf16: [UInt8] = []
        for unit in (secret + "AdministratorPassword").utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(answer.contains("<Value>\(Data(utf16).base64EncodedString())</Value>"), "the password is in Windows' encoding")
        #expect(!answer.contains(secret), "never in plain text")
        for output in [applied.stdout, applied.stderr] { #expect(!output.contains(secret) && !output.contains(key), "secrets never reach the output") }
        #expect(!exists("out/share/08-00-27-4d-4d-aa"), "only Windows hosts get an answer file")

        let printed = try run(["render", "08:00:27:b2:40:3f", "--artifact", "answer"], environment: ["ZT_TEST_KEY": key])
        #expect(printed.status == 0 && printed.stdout == answer, "render prints what apply wrote")

        let hostMode = try run(["host", "mode", "08:00:27:b2:40:3e", "localboot"], environment: ["ZT_TEST_KEY": key])
        #expect(hostMode.status == 0, "\(hostMode.stderr)")
        #expect(!exists("out/share/08-00-27-b2-40-3e/unattend.xml") && !exists("out/share/08-00-27-b2-40-3f/unattend.xml"),
                "a host that leaves install mode loses its answer file, and its secrets with it")

        let before = try snapshot()
        let refused = try run(["host", "mode", "08:00:27:b2:40:3e", "install"])
        #expect(refused.status == 2 && refused.stderr.contains("product_key_env: 'ZT_TEST_KEY' is not set"), "\(refused.stderr)")
        #expect(try snapshot() == before, "a host command that cannot render writes nothing, not even the new mode")
        #expect(try run("host", "show", "08:00:27:b2:40:3e", "--json").stdout.contains("\"mode\" : \"localboot\""))
    }

    /// `drivers:` reach the host's autorun.bat, and a set whose folder is not on the share is named at apply.
    @Test func driverSetsGoIntoAutorunAndAMissingOneIsNamed() throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out/share/drivers/storage-common"), withIntermediateDirectories: true)
        try write(Self.windowsSite(#"drivers: {always: [storage-common], by_model: {"OptiPlex 7090": dell-7090}}"#) + Self.hosts)
        let applied = try run("apply")
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.output.contains("driver set dell-7090 is not on the share") && !applied.output.contains("driver set storage-common"), "\(applied.output)")
        let autorun = try #require(file("out/share/08-00-27-b2-40-3e/autorun.bat"))
        #expect(autorun.contains(#"dism /Image:W:\ /Add-Driver /Driver:"%HERE%..\drivers\dell-7090" /Recurse"#)
                && autorun.contains(#"if /i "%MODEL%"=="OptiPlex 7090""#), "\(autorun)")
    }

    /// Drivers for windows-legacy images: autorun.bat copies the sets' .inf folders for mini-setup,
    /// and the host's Sysprep.inf lists them in OemPnPDriversPath.
    @Test func driverSetsOnALegacyProfileGoThroughOemPnPDriversPath() throws {
        try write("""
            site: {server: 10.0.0.1, tftp_root: out/tftp, http_root: out/http, share: {target: out/share, unc: '\\\\srv\\share'}}
            profiles:
              xp: {os: windows-legacy, winpe: {iso: winpe.iso}, image: {wim: images/xp.wim, index: 1}, drivers: [storage]}
            hosts:
              - {mac: "52:54:00:00:00:09", name: XP01, profile: xp}

            """)
        let applied = try run("apply")
        #expect(applied.status == 0, "\(applied.output)")
        let autorun = file("out/share/52-54-00-00-00-09/autorun.bat") ?? ""
        #expect(autorun.contains(#"call :zt_pnp "%%~fd""#) && !autorun.contains("/Add-Driver"), "\(autorun)")
        #expect(file("out/share/52-54-00-00-00-09/sysprep.inf")?.contains("OemPnPDriversPath=\"Drivers\\1;Drivers\\2;") == true)
    }

    @Test func aMissingSecretStopsEverythingAndNamesOnlyItsSource() throws {
        try write(Self.windowsSite("admin_password_env: ZT_TEST_SURELY_UNSET") + Self.hosts)
        let refused = try run("apply")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("profiles.w2k8r2.admin_password_env: 'ZT_TEST_SURELY_UNSET' is not set"), "\(refused.stderr)")
        #expect(!exists("out") && !exists(".zerotouch"), "nothing is written")
    }

    @Test(arguments: [
        ("admin_password: hunter2", "profiles.w2k8r2.admin_password", "is a secret: give admin_password_env"),
        ("timezone: Mars Standard Time", "profiles.w2k8r2.timezone", "is not a Windows time zone ID"),
        ("owner: \"two\\nlines\"", "profiles.w2k8r2.owner", "contains a newline"),
        ("workgroup: LAB, domain: {join: corp.example.com, user: 'CORP\\joiner', password_env: ZT_J}", "profiles.w2k8r2.workgroup", "not both"),
        ("autologon: 2", "profiles.w2k8r2.autologon", "needs admin_password_env"),
    ])
    func refusesBadWindowsSettings(_ settings: String, _ field: String, _ rule: String) throws {
        try write(Self.windowsSite(settings) + Self.hosts)
        let refused = try run("apply")
        #expect(refused.status == 2 && refused.stderr.contains(field) && refused.stderr.contains(rule), "\(refused.stderr)")
        #expect(!refused.stderr.contains("hunter2"), "a secret given inline is not echoed")
        #expect(!exists("out") && !exists(".zerotouch"))
    }

    @Test func aBrokenBaseFileIsReportedWithItsLine() throws {
        try write("<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n  <settings pass=\"specialize\">\n</unattend>\n", to: "broken.xml")
        try write(Self.windowsSite("timezone: UTC").replacingOccurrences(of: "answer_file: windows-2008r2.xml", with: "answer_file: broken.xml") + Self.hosts)
        let refused = try run("apply")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("\(folder.path)/broken.xml:3:") && refused.stderr.contains("is not well-formed XML"), "\(refused.stderr)")
        #expect(!exists("out"))
    }

    @Test func hostsOverrideTheirProfilesWindowsSettings() throws {
        try write(Self.windowsSite("timezone: UTC, workgroup: LAB")
            + Self.hosts.replacingOccurrences(of: "name: W2K8-WEB01,", with: "name: W2K8-WEB01, timezone: Pacific Standard Time, workgroup: WEB,"))
        #expect(try run("apply").status == 0)
        let answer = try #require(file("out/share/08-00-27-b2-40-3e/unattend.xml"))
        #expect(answer.contains("<TimeZone>Pacific Standard Time</TimeZone>") && answer.contains("<JoinWorkgroup>WEB</JoinWorkgroup>"))
        try write(Self.windowsSite("timezone: UTC") + Self.hosts.replacingOccurrences(of: "name: centos01,", with: "name: centos01, timezone: UTC,"))
        let refused = try run("apply")
        #expect(refused.status == 2 && refused.stderr.contains("hosts[1].timezone: 'UTC' applies to Windows hosts only"), "\(refused.stderr)")
    }
}

struct LintCommandTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    @Test func lintPassesTheShippedBasesAndReportsProblemsWithLines() throws {
        let answerfiles = Self.binary.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Answerfiles")
        let shipped = try FileManager.default.contentsOfDirectory(atPath: answerfiles.path).filter { !$0.hasSuffix(".ks") }
            .map { answerfiles.appendingPathComponent($0).path }
        #expect(shipped.count == 6, "the Windows bases and the Sysprep.inf one: \(shipped)")
        let clean = try run(["lint"] + shipped)
        #expect(clean.status == 0 && clean.stdout.components(separatedBy: ": ok").count == shipped.count + 1, "\(clean.stdout)")
        try write("[UserData]\nComputerName=BAD NAME\n", to: "sysprep.inf")
        let bad = try run("lint", "sysprep.inf", "--json")
        #expect(bad.status == 1)
        let views = try #require(try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [[String: Any]])
        let problem = try #require((views.first?["problems"] as? [[String: Any]])?.first)
        #expect(problem["line"] as? Int == 2 && (problem["message"] as? String)?.contains("ComputerName 'BAD NAME'") == true)
    }
}

struct NICAddressTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    @Test func anExtraNICsOwnAddressReachesTheAnswerFileAndTheReservations() throws {
        try write(Self.dhcpSite(Self.iscSettings).replacingOccurrences(of: "image: {wim: images/w2k8r2.wim, index: 1}}",
                                                                      with: "image: {wim: images/w2k8r2.wim, index: 1}, dns_suffix: lab.example.com}")
            + Self.hosts.replacingOccurrences(of: "name: W2K8-WEB01,", with: "name: W2K8-WEB01, extra_macs: ['08:00:27:b2:40:3f'], nic_addresses: {'08:00:27:b2:40:3f': {ip: 192.168.1.189/24}},"))
        let applied = try run("apply")
        #expect(applied.status == 0, "\(applied.stderr)")
        let answer = try #require(file("out/share/08-00-27-b2-40-3f/unattend.xml"))
        #expect(answer.contains("<Identifier>08-00-27-B2-40-3F</Identifier>") && answer.contains("192.168.1.189/24") && answer.contains("<DNSDomain>lab.example.com</DNSDomain>"))
        #expect(file("out/dhcp/zerotouch.conf")?.contains("hardware ethernet 08:00:27:b2:40:3f;\n  fixed-address 192.168.1.189;") == true)
    }
}

struct AnswerBaseTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    static func base(arch: String, encoding: String = "utf-8") -> String {
        let component = "processorArchitecture=\"\(arch)\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\""
        return """
            <?xml version="1.0" encoding="\(encoding)"?>
            <unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
              <settings pass="specialize">
                <component name="Microsoft-Windows-Shell-Setup" \(component)>
                  <ComputerName>*</ComputerName>
                </component>
              </settings>
              <settings pass="oobeSystem">
                <component name="Microsoft-Windows-Shell-Setup" \(component)>
                  <FirstLogonCommands>
                    <SynchronousCommand wcm:action="add"><Order>1</Order><CommandLine>cmd /c winrm quickconfig -q</CommandLine></SynchronousCommand>
                  </FirstLogonCommands>
                  <TimeZone>UTC</TimeZone>
                </component>
              </settings>
            </unattend>

            """
    }

    /// A profile `arch` that the base contradicts is refused at the base's line, and nothing is written;
    /// without `arch`, the base's architecture is used.
    @Test func aProfileArchTheBaseContradictsIsRefusedAtTheBasesLine() throws {
        try write(Self.base(arch: "x86"), to: "x86.xml")
        let site = Self.windowsSite("timezone: UTC").replacingOccurrences(of: "answer_file: windows-2008r2.xml", with: "answer_file: x86.xml")
        try write(site + Self.hosts)
        let refused = try run("apply")
        #expect(refused.status == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("\(folder.path)/x86.xml:4:") && refused.stderr.contains("profiles.w2k8r2.answer_file: ")
            && refused.stderr.contains("arch: amd64"), "\(refused.stderr)")
        #expect(!exists("out") && !exists(".zerotouch"), "nothing is written")

        try write(site.replacingOccurrences(of: "arch: amd64, ", with: "") + Self.hosts)
        let applied = try run("apply")
        #expect(applied.status == 0, "\(applied.stderr)")
        let answer = try #require(file("out/share/08-00-27-b2-40-3e/unattend.xml"))
        #expect(answer.contains("processorArchitecture=\"x86\"") && !answer.contains("processorArchitecture=\"amd64\""))
    }

    /// A UTF-16 base (as PowerShell's Out-File writes it) is personalized, the base's first-logon
    /// command stays first, ready.js sits beside the answer file, and `render --diff` shows the change.
    @Test func aUTF16BaseIsPersonalizedAndTheDiffShowsWhatChanged() throws {
        let text = Self.base(arch: "amd64", encoding: "utf-16").replacingOccurrences(of: "\n", with: "\r\n")
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try Data(bytes).write(to: folder.appendingPathComponent("utf16.xml"))
        try write(Self.windowsSite("timezone: W. Europe Standard Time, admin_password_env: ZT_TEST_PW")
            .replacingOccurrences(of: "answer_file: windows-2008r2.xml", with: "answer_file: utf16.xml") + Self.hosts)
        let environment = ["ZT_TEST_PW": "Pa55&word"]
        let applied = try run(["apply"], environment: environment)
        #expect(applied.status == 0, "\(applied.stderr)")
        let answer = try #require(file("out/share/08-00-27-b2-40-3e/unattend.xml"))
        #expect(answer.contains("<ComputerName>W2K8-WEB01</ComputerName>"))
        let quickconfig = try #require(answer.range(of: "winrm quickconfig"))
        let ready = try #require(answer.range(of: "ZeroTouch\\ready.js"))
        #expect(quickconfig.lowerBound < ready.lowerBound, "the base's command runs first")
        #expect(file("out/share/08-00-27-b2-40-3e/ready.js")?.contains("Bearer ") == true)

        let diff = try run(["render", "08:00:27:b2:40:3e", "--artifact", "answer", "--diff"], environment: environment)
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("oobeSystem / Microsoft-Windows-Shell-Setup (amd64)\n") && diff.stdout.contains("  ~ TimeZone: 'UTC' -> 'W. Europe Standard Time'"),
                "\(diff.stdout)")
        #expect(diff.stdout.contains("  + UserAccounts/AdministratorPassword/Value: ********") && !diff.stdout.contains("Pa55"))
        let wrong = try run(["render", "08:00:27:b2:40:3e", "--diff"], environment: environment)
        #expect(wrong.status != 0 && wrong.stderr.contains("--diff works with --artifact answer only"), "\(wrong.stderr)")
    }
}

extension CommandLineSuite {
    static func windowsSite(_ extra: String) -> String {
        site.replacingOccurrences(of: "image: {wim: images/w2k8r2.wim, index: 1}}",
                                  with: "image: {wim: images/w2k8r2.wim, index: 1}, answer_file: windows-2008r2.xml, \(extra)}")
    }
}
