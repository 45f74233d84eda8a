import Foundation
import Testing

/// Kickstarts through the binary: one per NIC under HTTP_ROOT/ks, the host's token in its callback,
/// secrets refused when missing, templates refused when they name unknown variables.
struct KickstartTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    static func kickstartSite(_ extra: String) -> String {
        site.replacingOccurrences(of: "initrd: os/centos-5.5-i386/initrd.img}", with: "initrd: os/centos-5.5-i386/initrd.img, \(extra)}")
    }

    @Test func applyWritesEachNICsKickstartWithTheHostsTokenAndHashedPassword() throws {
        try write("hunter2\n", to: "root-password")
        try write(Self.kickstartSite("root_password_file: root-password, post: ['echo a > /root/a']")
            + Self.hosts.replacingOccurrences(of: "name: centos01,", with: "name: centos01, extra_macs: ['08:00:27:4d:4d:ab'], post: ['echo host > /root/h'],"))
        let applied = try run("apply")
        #expect(applied.status == 0, "\(applied.stderr)")
        let first = try #require(file("out/http/ks/08-00-27-4d-4d-aa.ks"))
        #expect(exists("out/http/ks/08-00-27-4d-4d-ab.ks"), "every NIC gets its own file")
        let token = try run("host", "token", "08:00:27:4d:4d:ab").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.count == 32 && first.contains("Authorization: Bearer \(token)"))
        #expect(first.contains("rootpw --iscrypted $6$") && !first.contains("hunter2"))
        #expect(first.contains("echo host > /root/h") && !first.contains("echo a > /root/a"), "the host's post actions replace the profile's")
        #expect(!applied.stdout.contains(token) && !applied.stderr.contains("hunter2"))
        #expect(try run("apply").stdout.contains("nothing to change"), "same token and salt on every run: nothing rewritten")
        #expect(try run("render", "08:00:27:4d:4d:aa", "--artifact", "kickstart").stdout == first)
        #expect(try run("host", "mode", "08:00:27:4d:4d:aa", "localboot").status == 0)
        #expect(!exists("out/http/ks/08-00-27-4d-4d-aa.ks") && !exists("out/http/ks/08-00-27-4d-4d-ab.ks"))
    }

    @Test func aLostSiteKeyIsRemadeAndEveryTokenFollowsIt() throws {
        try write(Self.site + Self.hosts)
        #expect(try run("apply").status == 0)
        try FileManager.default.removeItem(at: folder.appendingPathComponent(".zerotouch/site.key"))
        let applied = try run("apply")
        #expect(applied.status == 0 && applied.stdout.contains("~ update http: ks/08-00-27-4d-4d-aa.ks"), "\(applied.stdout)")
        let token = try run("host", "token", "08:00:27:4d:4d:aa").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(file("out/http/ks/08-00-27-4d-4d-aa.ks")?.contains("Bearer \(token)") == true, "written with the new key, not a stand-in")
    }

    @Test func aDamagedSiteKeyIsRefusedNotReplaced() throws {
        try write(Self.site + Self.hosts)
        #expect(try run("apply").status == 0)
        let before = file("out/http/ks/08-00-27-4d-4d-aa.ks")
        try Data("short".utf8).write(to: folder.appendingPathComponent(".zerotouch/site.key"))
        try write(Self.site + Self.hosts.replacingOccurrences(of: "centos01", with: "centos02"))
        let files = try snapshot()
        Thread.sleep(forTimeInterval: 0.02)
        let applied = try run("apply")
        #expect(applied.status != 0 && applied.stderr.contains("site.key' holds 5 bytes, not 32") && applied.stderr.contains("restore it from a backup"), "\(applied.stderr)")
        #expect(file("out/http/ks/08-00-27-4d-4d-aa.ks") == before && file(".zerotouch/site.key") == "short")
        #expect(try snapshot() == files, "nothing written: no file, not the inventory")
    }

    @Test func refusesAMissingRootPasswordAndATemplateWithUnknownNames() throws {
        try write(Self.kickstartSite("root_password_env: ZT_TEST_NO_SUCH_VARIABLE") + Self.hosts)
        let missing = try run("apply")
        #expect(missing.status == 2 && missing.stderr.contains("profiles.centos55.root_password_env: 'ZT_TEST_NO_SUCH_VARIABLE' is not set"), "\(missing.stderr)")
        #expect(!exists("out") && !exists(".zerotouch"))

        try write("text\nnetwork --hostname={{host.hostnmae}}\n", to: "mine.ks")
        try write(Self.kickstartSite("kickstart: mine.ks") + Self.hosts)
        let unknown = try run("apply")
        #expect(unknown.status == 2 && unknown.stderr.contains("mine.ks:2: 'host.hostnmae' is not a variable ZeroTouch provides"), "\(unknown.stderr)")
        #expect(!exists("out") && !exists(".zerotouch"))

        try write("text\n{{#host.static}}\nnetwork --bootproto=static\n{{/host.gateway}}\n", to: "mine.ks")
        let unbalanced = try run("apply")
        #expect(unbalanced.status == 2 && unbalanced.stderr.contains("mine.ks:4: '{{/host.gateway}}' closes a section that is not open here (expected '{{/host.static}}')"),
                "\(unbalanced.stderr)")
        #expect(!exists("out") && !exists(".zerotouch"))
    }

    @Test func windowsPostActionsRunAfterTheFirstLogonCommands() throws {
        try write(Self.site.replacingOccurrences(of: "image: {wim: images/w2k8r2.wim, index: 1}}",
                                                 with: "image: {wim: images/w2k8r2.wim, index: 1}, first_logon: ['cmd /c one'], post: ['cmd /c two']}") + Self.hosts)
        #expect(try run("apply").status == 0)
        let answer = try #require(file("out/share/08-00-27-b2-40-3e/unattend.xml"))
        let one = try #require(answer.range(of: "<CommandLine>cmd /c one</CommandLine>"))
        let two = try #require(answer.range(of: "<CommandLine>cmd /c two</CommandLine>"))
        #expect(one.lowerBound < two.lowerBound)
    }
}
