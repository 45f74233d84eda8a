import Foundation
import Testing

/// Commands on an unchanged fleet file take its snapshot; any edit is read and checked in full again.
struct FleetSnapshotCLITests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    @Test func anEditedFleetFileIsCheckedAgainNotTakenFromItsSnapshot() throws {
        try write(Self.site + Self.hosts)
        #expect(try run("apply").status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasSuffix(".fleet") }.count == 1, "apply saved a snapshot")
        let stood = try run("host", "mode", "08:00:27:4d:4d:aa", "localboot")
        #expect(stood.status == 0 && !exists("out/http/ks/08-00-27-4d-4d-aa.ks"), "\(stood.stderr)")

        try write(Self.site + Self.hosts + "  - {mac: 'ff:ff:ff:ff:ff:ff', name: a1, profile: centos55}\n")
        let refused = try run("host", "mode", "08:00:27:4d:4d:aa", "install")
        #expect(refused.status == 2 && refused.stderr.contains("hosts[3].mac") && refused.stderr.contains("multicast or broadcast"), "\(refused.stderr)")
        #expect(!exists("out/http/ks/08-00-27-4d-4d-aa.ks"), "nothing written")

        try write(Self.site + Self.hosts)
        let armed = try run("host", "mode", "08:00:27:4d:4d:aa", "install")
        #expect(armed.status == 0 && exists("out/http/ks/08-00-27-4d-4d-aa.ks"), "\(armed.stderr)")
    }

    /// Refusals found past the file's own checks (while rendering) leave no snapshot, so the file is
    /// read and checked in full next time.
    @Test(arguments: [
        ("admin_password_file: no-such-secret", "no-such-secret"),
        ("answer_file: no-such-base.xml", "answer_file"),
        ("answer_file: loop.xml", "loop.xml"),
    ])
    func aRunRefusedWhileRenderingSavesNoSnapshot(_ setting: String, _ expected: String) throws {
        try write("""
            <?xml version="1.0"?>
            <!DOCTYPE unattend [<!ENTITY a "&b;"><!ENTITY b "&a;">]>
            <unattend xmlns="urn:schemas-microsoft-com:unattend"><settings pass="oobeSystem">&a;</settings></unattend>
            """, to: "loop.xml")
        let site = Self.site.replacingOccurrences(of: "image: {wim: images/w2k8r2.wim, index: 1}}",
                                                  with: "image: {wim: images/w2k8r2.wim, index: 1}, \(setting)}")
        try write(site + Self.hosts)
        let refused = try run("apply")
        #expect(refused.status == 2 && refused.stderr.contains(expected), "\(refused.stderr)")
        let snapshots = (try? FileManager.default.contentsOfDirectory(atPath: cache))?.filter { $0.hasSuffix(".fleet") } ?? []
        #expect(snapshots.isEmpty, "a refused file keeps no snapshot")
        #expect(!exists("out"), "nothing is written")
    }

    @Test func anEmptyCacheSettingTurnsSnapshotsOff() throws {
        try write(Self.site + Self.hosts)
        #expect(try run(["apply"], environment: ["ZEROTOUCH_CACHE_DIR": ""]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: cache))
    }
}
