import Fleet
import Foundation
import Orchestration
import Testing

/// `*_env` secrets come from the environment the session was given, in every renderer: a
/// caller (the boot server, a test, a wrapper that reads a vault) decides where they come from.
struct SecretEnvironmentTests {
    static let variable = "ZT_TEST_INJECTED_\(UUID().uuidString.prefix(8))"

    func session(_ environment: [String: String], in folder: String) throws -> SiteSession {
        try """
            site: {server: 10.0.0.1, tftp_root: tftp, http_root: http, share: {target: share, unc: '\\\\pxe\\deploy', user: winpe, password_env: \(Self.variable)}}
            profiles:
              el9: {os: kickstart, kernel: el9/vmlinuz, initrd: el9/initrd.img, root_password_env: \(Self.variable)}
              w10: {os: windows, winpe: {iso: winpe.iso}, admin_password_env: \(Self.variable)}
            hosts:
              - {mac: '52:54:00:00:00:01', name: el01, profile: el9}
              - {mac: '52:54:00:00:00:02', name: WIN01, profile: w10}
            """.write(toFile: folder + "/zerotouch.yaml", atomically: true, encoding: .utf8)
        return SiteSession(file: try FleetFile(path: folder + "/zerotouch.yaml", snapshots: nil), environment: environment)
    }

    @Test func secretsAreReadFromTheGivenEnvironmentOnly() throws {
        let folder = NSTemporaryDirectory() + "zt-secrets-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(ProcessInfo.processInfo.environment[Self.variable] == nil)
        let given = try session([Self.variable: "s3cret-from-the-caller"], in: folder)
        let plan = try FleetApply(session: given).plan()
        #expect(plan.fileChanges.contains { $0.path == "ks/52-54-00-00-00-01.ks" })
        #expect(plan.fileChanges.contains { $0.path.hasSuffix("52-54-00-00-00-02/unattend.xml") })
        #expect(try WinPECommands(session: given).startnet().contains("s3cret-from-the-caller"))
        #expect(throws: FleetError.self) { try FleetApply(session: session([:], in: folder)).plan() }
    }
}
