import Fleet
import Foundation
import Render
import Testing

struct AnswerFileLintTests {
    static func unattend(_ body: String) -> [UInt8] {
        Array("""
            <?xml version="1.0"?>
            <unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
            \(body)
            </unattend>

            """.utf8)
    }

    static let component = #"<component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS">"#

    @Test(arguments: [
        ("<settings pass=\"firstBoot\"/>", 3, "settings pass 'firstBoot' is not a pass Windows knows"),
        ("<settings pass=\"specialize\">\n<component name=\"X\" processorArchitecture=\"ppc\"/></settings>", 4, "component X lacks publicKeyToken, language, versionScope"),
        ("<settings pass=\"specialize\">\n<component name=\"X\" processorArchitecture=\"ppc\"/></settings>", 4, "processorArchitecture 'ppc' is not one of"),
        ("<settings pass=\"specialize\">\(component)\n<ComputerName>WEB SERVER</ComputerName></component></settings>", 4, "ComputerName 'WEB SERVER' contains ' '"),
        ("<settings pass=\"specialize\">\(component)<Interfaces><Interface><UnicastIpAddresses>\n<IpAddress>192.168.1.300/24</IpAddress></UnicastIpAddresses></Interface></Interfaces></component></settings>", 4, "IpAddress '192.168.1.300/24'"),
        ("<settings pass=\"oobeSystem\">\(component)<UserAccounts><AdministratorPassword>\n<Value>cAB3AFAAYQBzAHMAdwBvAHIAZAA=</Value><PlainText>false</PlainText></AdministratorPassword></UserAccounts></component></settings>", 4, "is not Windows' encoding"),
        ("<settings pass=\"specialize\">\(component)\n<Identification><JoinDomain>a.b</JoinDomain><JoinWorkgroup>W</JoinWorkgroup></Identification></component></settings>", 4, "both JoinDomain and JoinWorkgroup"),
        ("<settings pass=\"specialize\">\n<component>", 5, "is not well-formed XML: Opening and ending tag mismatch"),
    ])
    func unattendProblemsHaveTheirLine(_ body: String, _ line: Int, _ message: String) {
        let problems = AnswerFileLint.check(Self.unattend(body), name: "u.xml")
        #expect(problems.contains { $0.line == line && $0.message.contains(message) }, "\(problems)")
    }

    @Test func aCorrectPasswordPasses() {
        let body = "<settings pass=\"oobeSystem\">\(Self.component)<UserAccounts><AdministratorPassword><Value>cAB3AEEAZABtAGkAbgBpAHMAdAByAGEAdABvAHIAUABhAHMAcwB3AG8AcgBkAA==</Value><PlainText>false</PlainText></AdministratorPassword></UserAccounts></component></settings>"
        #expect(AnswerFileLint.check(Self.unattend(body), name: "u.xml").isEmpty)
    }

    @Test func sysprepProblemsHaveTheirLine() {
        let text = "[UserData]\r\nComputerName=WAY-TOO-LONG-COMPUTER\r\nProductKey=ABCDE-FGHIJ-KLMNO\r\nFullName=Ops Team\r\n[GuiUnattended]\r\nAdminPassword=se cret\r\nTimeZone=W. Europe\r\n[Identification]\r\nJoinDomain=corp\r\nJoinWorkgroup=LAB\r\nthis line is junk\r\n"
        let problems = AnswerFileLint.check(Array(text.utf8), name: "s.inf")
        #expect(problems.map(\.line) == [2, 3, 4, 6, 7, 10, 11], "\(problems)")
        #expect(problems[0].message.contains("over 15") && problems[2].message.contains("must be quoted"))
        #expect(!problems.contains { $0.message.contains("secret") }, "a password value is never repeated")
    }

    static func fixtures(_ folder: String) -> [String] {
        let url = Bundle.module.url(forResource: "Fixtures/\(folder)", withExtension: nil)!
        return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    static func bytes(_ folder: String, _ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Bundle.module.url(forResource: "Fixtures/\(folder)", withExtension: nil)!.appendingPathComponent(name)))
    }

    /// The corpus of real-shaped bases, UTF-16 and Sysprep.inf ones included: no false alarm.
    @Test(arguments: fixtures("bases"))
    func theCorpusHasNoFalseAlarm(_ name: String) throws {
        #expect(AnswerFileLint.check(try Self.bytes("bases", name), name: name).isEmpty)
    }

    /// Each planted file says what it plants (`expect: LINE text`); lint reports exactly that.
    @Test(arguments: fixtures("lint"))
    func everyPlantedProblemIsReportedWithItsLine(_ name: String) throws {
        let bytes = try Self.bytes("lint", name)
        let text = AnswerFileText.decode(bytes).text
        let expected = text.split(whereSeparator: \.isNewline).compactMap { line -> (Int, String)? in
            guard let range = line.range(of: "expect: ") else { return nil }
            let rest = line[range.upperBound...].replacingOccurrences(of: " -->", with: "")
            let parts = rest.split(separator: " ", maxSplits: 1)
            return (Int(parts[0])!, String(parts[1]))
        }
        let problems = AnswerFileLint.check(bytes, name: name)
        #expect(problems.count == expected.count, "\(problems)")
        for (line, message) in expected {
            #expect(problems.contains { $0.line == line && $0.message.contains(message) }, "line \(line): \(message) in \(problems)")
        }
    }

    @Test func anImageArchitectureReportsEveryComponentItIgnores() throws {
        let bytes = try Self.bytes("bases", "vagrant-vista-x86.xml")
        let problems = AnswerFileLint.check(bytes, name: "vista.xml", arch: .amd64)
        #expect(problems.count == 1 && problems[0].message.contains("an amd64 image ignores them all"), "\(problems)")
        let mixed = AnswerFileLint.check(try Self.bytes("bases", "mixed-dual-arch.xml"), name: "mixed.xml", arch: .amd64)
        #expect(mixed.count == 2 && mixed.allSatisfy { $0.message.contains("is for x86: an amd64 image ignores it") }, "\(mixed)")
        #expect(AnswerFileLint.check(try Self.bytes("bases", "mixed-x86pe-amd64.xml"), name: "pe.xml", arch: .amd64).isEmpty,
                "windowsPE runs in WinPE, whose architecture may differ")
    }
}
