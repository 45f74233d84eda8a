import Foundation
import TestSupport
import Testing

/// Host commands, imports, `render` and `--help` through the binary.
struct HostCommandTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    @Test func hostCommandsPublishAtOnce() throws {
        try write(Self.site + Self.hosts)
        try run("apply")
        let added = try run("host", "add", "--mac", "52-54-00-12-34-56", "--mac", "52:54:00:12:34:57", "--name", "rocky01", "--profile", "centos55",
                            "--ip", "192.168.1.190/24", "--gateway", "192.168.1.166")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(file("out/tftpboot/pxelinux.cfg/01-52-54-00-12-34-56")?.contains("KERNEL os/centos-5.5-i386/vmlinuz") == true)
        #expect(exists("out/tftpboot/pxelinux.cfg/01-52-54-00-12-34-57"))

        let moded = try run("host", "mode", "52:54:00:12:34:57", "localboot")
        #expect(moded.status == 0 && moded.stdout.contains("rocky01: mode localboot, state idle"))
        #expect(file("out/tftpboot/pxelinux.cfg/01-52-54-00-12-34-56")?.contains("LOCALBOOT 0") == true)

        let list = try run("host", "list", "--json")
        let hosts = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(hosts.count == 4)
        let rocky = try #require(hosts.first { $0["name"] as? String == "rocky01" })
        #expect(rocky["mode"] as? String == "localboot" && rocky["origin"] as? String == "cli")
        #expect(rocky["macs"] as? [String] == ["52:54:00:12:34:56", "52:54:00:12:34:57"])

        let show = try run("host", "show", "525400123456", "--json")
        let view = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as! [String: Any]
        #expect((view["events"] as! [[String: Any]]).map { $0["kind"] as! String } == ["registered", "mode"])

        // An apply leaves the command-line host alone.
        #expect(try run("apply").stdout.contains("nothing to change"))

        let removed = try run("host", "rm", "52:54:00:12:34:56")
        #expect(removed.status == 0)
        #expect(!exists("out/tftpboot/pxelinux.cfg/01-52-54-00-12-34-56") && !exists("out/tftpboot/pxelinux.cfg/01-52-54-00-12-34-57"))
    }

    @Test func modeSetFromTheCommandLineHoldsUntilTheFileChangesIt() throws {
        try write(Self.site + Self.hosts)
        try run("apply")
        #expect(try run("host", "mode", "08:00:27:b2:40:3e", "localboot").status == 0)
        #expect(try run("apply").stdout.contains("nothing to change"))
        #expect(file("out/tftpboot/pxelinux.cfg/01-08-00-27-b2-40-3e")?.contains("LOCALBOOT 0") == true)
        try write(Self.site + Self.hosts.replacingOccurrences(of: "profile: w2k8r2,", with: "profile: w2k8r2, mode: disabled,"))
        let result = try run("apply")
        #expect(result.stdout.contains("mode localboot -> disabled"))
        #expect(!exists("out/tftpboot/pxelinux.cfg/01-08-00-27-b2-40-3e"))
    }

    @Test func hostCommandsRefuseBadInputAndWriteNothing() throws {
        try write(Self.site + Self.hosts)
        try run("apply")
        let before = try snapshot()
        let clash = try run("host", "add", "--mac", "08:00:27:B2:40:3E", "--name", "other", "--profile", "centos55")
        #expect(clash.status == 2 && clash.stderr.contains("--mac: '08:00:27:b2:40:3e' is 08:00:27:b2:40:3e, already used by hosts[0]"))
        let badName = try run("host", "add", "--mac", "08:00:27:00:00:10", "--name", "WAY-TOO-LONG-NAME", "--profile", "w2k8r2")
        #expect(badName.status == 2 && badName.stderr.contains("--name: 'WAY-TOO-LONG-NAME' is 17 bytes, over 15"))
        let badMAC = try run("host", "mode", "zz:00:27:00:00:10", "install")
        #expect(badMAC.status != 0 && badMAC.stderr.contains("is not a MAC address"))
        let fileHost = try run("host", "rm", "08:00:27:b2:40:3e")
        #expect(fileHost.status == 1 && fileHost.stderr.contains("is declared in"))
        #expect(try snapshot() == before)
    }

    @Test func importsAHostOSMapping() throws {
        try write(Self.site)
        try write("""
            # Mac os (seed 004)
            08:00:27:4d:4d:aa, centos-5.5-i386
            08:00:27:b2:40:3e, windows-2008r2-x64, W2K8-WEB01
            """, to: "host-os.conf")
        let result = try run("import", "host-os", "host-os.conf", "--profile-map", "centos-5.5-i386=centos55", "--profile-map", "windows-2008r2-x64=w2k8r2")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("added zt-0800274d4daa (08:00:27:4d:4d:aa), profile centos55"))
        #expect(exists("out/tftpboot/pxelinux.cfg/01-08-00-27-b2-40-3e"))
        let again = try run("import", "host-os", "host-os.conf", "--profile", "centos55")
        #expect(again.stdout.contains("0 host(s) imported, 2 skipped"))
    }

    @Test func importWithAnUnmappedOSWritesNothing() throws {
        try write(Self.site)
        try write("08:00:27:4d:4d:aa, centos-5.5-i386\nnot-a-mac, x\n", to: "host-os.conf")
        let result = try run("import", "host-os", "host-os.conf")
        #expect(result.status == 2)
        #expect(result.stderr.contains("host-os.conf:2: mac: 'not-a-mac' is not a MAC address"))
        #expect(!exists(".zerotouch") && !exists("out"))
    }

    @Test func rendersOneArtifactToStdout() throws {
        try write(Self.site + Self.hosts)
        let result = try run("render", "08-00-27-4D-4D-AA", "--artifact", "pxelinux")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("# ZeroTouch: centos01 (08:00:27:4d:4d:aa)"))
        #expect(!exists(".zerotouch"))
    }

    @Test func helpExplainsTheCommands() throws {
        let help = try run("--help")
        for command in ["apply", "plan", "host", "import", "render"] { #expect(help.stdout.contains(command)) }
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }
}
