import Foundation
@testable import Orchestration
import Testing

/// `site.dhcp` end to end: the files apply and host commands write, import of a dhcpd.conf, and the
/// running daemons told about changes (each started by the test in a network namespace of its own).
struct DHCPCommandTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    @Test func applyWritesReservationsAndHostCommandsKeepThemInStep() throws {
        try write(Self.dhcpSite(Self.iscSettings) + Self.hosts)
        let applied = try run("apply")
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("+ create dhcp: \(folder.path)/out/dhcp/zerotouch.conf"))
        #expect(applied.stdout.contains("run 'zerotouch apply --reload'"), "dhcpd is not restarted without --reload")
        #expect(!exists("restarted"))
        let conf = try #require(file("out/dhcp/zerotouch.conf"))
        #expect(conf.contains("host zt-08-00-27-b2-40-3e {\n  hardware ethernet 08:00:27:b2:40:3e;\n  fixed-address 192.168.1.188;"))

        let added = try run("host", "add", "--mac", "52:54:00:12:34:56", "--name", "rocky01", "--profile", "centos55", "--ip", "192.168.1.20/24")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("~ update dhcp:"))
        #expect(file("out/dhcp/zerotouch.conf")?.contains("hardware ethernet 52:54:00:12:34:56;\n  fixed-address 192.168.1.20;") == true)

        let before = try snapshot()
        for bad in [["--ip", "192.168.1.210/24"], ["--ip", "192.168.1.188/24"], ["--ip", "10.0.0.5/24"]] {
            let refused = try run(["host", "add", "--mac", "52:54:00:12:34:99", "--name", "rocky02", "--profile", "centos55"] + bad)
            #expect(refused.status == 2, "\(bad): \(refused.stderr)")
            #expect(refused.stderr.contains("--ip: '\(bad[1].split(separator: "/")[0])'"), "\(refused.stderr)")
        }
        #expect(try snapshot() == before, "a refused host writes nothing")
        #expect(!(try run("host", "list")).stdout.contains("rocky02"))

        let removed = try run("host", "rm", "52:54:00:12:34:56")
        #expect(removed.status == 0)
        #expect(file("out/dhcp/zerotouch.conf")?.contains("52:54:00:12:34:56") == false)

        let restarted = try run("apply", "--reload")
        #expect(restarted.stdout.contains("nothing to change") && !exists("restarted"), "nothing changed, nothing restarted")
    }

    @Test func reloadRestartsDhcpdOnlyAfterItsCheckPasses() throws {
        try write("this is not { a dhcpd.conf\n", to: "broken.conf")
        try write(Self.dhcpSite(Self.iscSettings + "\ncheck_config: broken.conf") + Self.hosts)
        let refused = try run("apply", "--reload")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("dhcpd -t refused \(folder.path)/broken.conf, so dhcpd was not restarted"), "\(refused.stderr)")
        #expect(!exists("restarted"))

        try write("include \"\(folder.path)/out/dhcp/zerotouch.conf\";\n", to: "broken.conf")
        try write(Self.dhcpSite(Self.iscSettings.replacingOccurrences(of: "routers: [192.168.1.166]", with: "routers: [192.168.1.1]")
            + "\ncheck_config: broken.conf") + Self.hosts)
        let accepted = try run("apply", "--reload")
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("restarted dhcpd with 'touch restarted'"))
        #expect(exists("restarted"))
    }

    /// Seed 003's dhcpd.conf, kept as an example beside the example fleet.
    static let seed003 = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Scripts/example/dhcpd.conf"), encoding: .utf8)

    @Test func importsSeed003AndDerivesHostNames() throws {
        try write(Self.site.replacingOccurrences(of: "hosts:\n", with: ""))
        try write(Self.seed003, to: "dhcpd.conf")
        let imported = try run("import", "dhcpd", "dhcpd.conf", "--profile", "ovm22")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("dhcpd.conf:20: 'test_pvm' is not a valid host name; registered as 'test-pvm'"))
        #expect(imported.stdout.contains("3 host(s) imported"))
        let list = try run("host", "show", "00:19:b9:41:2c:b9", "--json")
        let host = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        #expect(host["name"] as? String == "dell-optiplex-745")
        #expect(host["ip"] as? String == "192.168.1.188/24" && host["gateway"] as? String == "192.168.1.166")
        #expect(host["mode"] as? String == "localboot", "an import never arms a reinstall unless asked")
        #expect(file("out/tftpboot/pxelinux.cfg/01-00-19-b9-41-2c-b9")?.contains("LOCALBOOT 0") == true)

        let again = try run("import", "dhcpd", "dhcpd.conf", "--profile", "ovm22")
        #expect(again.stdout.contains("0 host(s) imported, 3 skipped"))
    }

    @Test func aDhcpdFileWithProblemsRegistersNothingUnlessToldToKeepGoing() throws {
        try write(Self.site.replacingOccurrences(of: "hosts:\n", with: ""))
        try write("""
            subnet 192.168.1.0 netmask 255.255.255.0 { }
            host good { hardware ethernet 08:00:27:00:00:01; fixed-address 192.168.1.10; }
            host bad { hardware ethernet 08:00:27:00:00:02 fixed-address 192.168.1.11; }
            host far { hardware ethernet 08:00:27:00:00:03; fixed-address 10.9.9.9; }

            """, to: "dhcpd.conf")
        let stopped = try run("import", "dhcpd", "dhcpd.conf", "--profile", "centos55")
        #expect(stopped.status == 2)
        #expect(stopped.stderr.contains("dhcpd.conf:3: hardware ethernet:") && stopped.stderr.contains("dhcpd.conf:4: host far.fixed-address: '10.9.9.9'"),
                "\(stopped.stderr)")
        #expect(!exists(".zerotouch") && !exists("out"), "nothing is written")

        let partial = try run("import", "dhcpd", "dhcpd.conf", "--profile", "centos55", "--keep-going")
        #expect(partial.status == 1)
        #expect(partial.stdout.contains("1 host(s) imported, 0 skipped, 2 left out"))
        #expect(try run("host", "list").stdout.contains("good"))

        try write("host open { hardware ethernet 08:00:27:00:00:04;\n", to: "open.conf")
        let broken = try run("import", "dhcpd", "open.conf", "--profile", "centos55", "--keep-going")
        #expect(broken.status == 2 && broken.stderr.contains("open.conf:1: host: opens a block that is never closed"), "\(broken.stderr)")
    }

    @Test func dhcpPrintsEachFormatAndRefusesWithoutSettings() throws {
        try write(Self.dhcpSite(Self.iscSettings) + Self.hosts)
        for format in ["isc", "dnsmasq", "kea"] {
            let printed = try run("dhcp", "--format", format)
            #expect(printed.status == 0 && printed.stdout.contains("08:00:27:b2:40:3e"), "\(format): \(printed.stderr)")
        }
        #expect(!exists("out") && !exists(".zerotouch"), "printing writes nothing")
        try write(Self.site + Self.hosts)
        let missing = try run("dhcp")
        #expect(missing.status == 1 && missing.stderr.contains("has no site.dhcp section"))
    }
}

extension CommandLineSuite {
    static func dhcpSite(_ settings: String) -> String {
        site.replacingOccurrences(of: "  share: {", with: "  dhcp:\n" + settings.split(separator: "\n").map { "    \($0)\n" }.joined() + "  share: {")
    }

    static var iscSettings: String {
        """
        server: isc
        output: out/dhcp/zerotouch.conf
        subnet: 192.168.1.0/24
        range: 192.168.1.200-192.168.1.250
        routers: [192.168.1.166]
        restart: [touch, restarted]
        """
    }
}
