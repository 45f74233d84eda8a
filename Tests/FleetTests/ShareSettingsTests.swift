@testable import Fleet
import Testing

/// `site.share`: local folders and smb:// URLs, WinPE's account and the publishing account.
struct ShareSettingsTests {
    static func site(_ share: String) -> String {
        FleetDocumentTests.site.replacingOccurrences(of: "  http_root: out/http", with: "  http_root: out/http\n  share: \(share)")
    }

    @Test func readsAnSMBTargetWithBothAccounts() throws {
        let config = try FleetDocumentTests.parse("  []", site: Self.site("""
            {target: 'smb://nas.example.com:4450/deploy/pxe/', unc: '\\\\nas\\deploy\\pxe', user: winpe, password_env: WINPE_PW,
                 publish: {user: zt-writer, password_file: secrets/writer, domain: CORP}}
            """))
        #expect(config.site.share.target == .smb(SMBLocation(host: "nas.example.com", port: 4450, share: "deploy", directory: "pxe")))
        #expect(config.site.share.reader == ShareAccount(user: "winpe", password: .environment("WINPE_PW")))
        #expect(config.site.share.writer == ShareAccount(user: "zt-writer", password: .file("/etc/zt/secrets/writer"), domain: "CORP"))
        let shared = try FleetDocumentTests.parse("  []", site: Self.site("{target: 'smb://10.0.0.5/deploy', user: winpe, password_env: PW}"))
        #expect(shared.site.share.writer == shared.site.share.reader, "without publish, WinPE's account writes too")
    }

    @Test(arguments: [
        ("{target: 'smb://admin:pw@nas/deploy'}", "site.share.target", "carries credentials"),
        ("{target: 'smb://nas'}", "site.share.target", "is not an SMB URL"),
        ("{target: 'smb://nas:99999/deploy'}", "site.share.target", "port must be a number from 1 to 65535"),
        ("{target: 'smb://nas/deploy/../etc'}", "site.share.target", "may not be empty, '.' or '..'"),
        ("{target: 'smb://na_s!/deploy'}", "site.share.target", "is not a host name"),
        ("{target: 'smb://nas/deploy', user: zt}", "site.share.user", "has no password"),
        ("{target: 'smb://nas/deploy', publish: {user: zt}}", "site.share.publish.user", "has no password"),
        ("{target: 'smb://nas/deploy', password_env: PW}", "site.share.user", "is missing"),
        ("{target: 'smb://nas/deploy', publish: {}}", "site.share.publish.user", "is missing"),
        ("{target: 'smb://nas/deploy', publish: {user: zt, password: x}}", "site.share.publish.password", "is a secret"),
    ] as [(String, String, String)])
    func refusesBadShares(_ share: String, field: String, rule: String) {
        let issues = FleetDocumentTests.issues("  []", site: Self.site(share))
        #expect(issues.contains { $0.field == field && ($0.rule.contains(rule) || $0.description.contains(rule)) }, "got: \(issues)")
        #expect(!issues.description.contains("pw@"), "the password in a refused URL is not echoed")
    }
}
