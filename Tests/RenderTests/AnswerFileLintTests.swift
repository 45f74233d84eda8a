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
        let text = "[UserData]\r\nComputerName=WAY-TOO-LONG-COMPUTER\r\nProductKey=ABCDE-FGHIJ-KLMNO-PQRST-UVWXY\r\nFullName=Ops\r\n[GuiUnattended]\r\nAdminPassword=secret\r\nTimeZone=W. Europe\r\n[Identification]\r\nJoinDomain=corp\r\nJoinWorkgroup=LAB\r\nthis line is junk\r\n"
        let problems = AnswerFileLint.check(Array(text.utf8), name: "s.inf")
        #expect(problems.map(\.line) == [2, 3, 4, 6, 7, 10, 11], "\(problems)")
        #expect(problems[0].message.contains("over 15") && problems[1].message.contains("must be quoted"))
        #expect(!problems.contains { $0.message.contains("secret") }, "a password value is never repeated")
    }
}
