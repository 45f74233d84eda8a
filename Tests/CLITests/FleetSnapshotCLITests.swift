import Foundation
import Testing

/// Commands on an unchanged fleet file take its snapshot; any edit is read and checked in full again.
extension CLITests {
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

    @Test func anEmptyCacheSettingTurnsSnapshotsOff() throws {
        try write(Self.site + Self.hosts)
        #expect(try run(["apply"], environment: ["ZEROTOUCH_CACHE_DIR": ""]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: cache))
    }
}
