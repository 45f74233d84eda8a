@testable import OperatingSystem
import Testing

struct TemporaryNameTests {
    @Test func itsOwnNamesAreKnownAgainAndUsersFilesAreNot() {
        let made = TemporaryName.next(for: "01-08-00-27-4d-4d-aa")
        #expect(made.hasPrefix(".01-08-00-27-4d-4d-aa.zt-"))
        #expect(made != TemporaryName.next(for: "01-08-00-27-4d-4d-aa"), "two writers never share a name")
        for name in [made, ".unattend.xml.zt-4711-3", ".01-aa.zt-tmp4711"] {
            #expect(TemporaryName.isTemporary(name), "\(name)")
        }
        for name in ["unattend.xml", ".zt-4711-3", "x.zt-4711-3", ".a.zt-", ".a.zt-12-", ".a.zt-1-2-3", ".a.zt-tmp", ".a.zt-12x", ".bashrc",
                     ".a.zt-partial"] {
            #expect(!TemporaryName.isTemporary(name), "\(name)")
        }
    }
}
