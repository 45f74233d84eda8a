import Foundation
import TestSupport
import Testing

/// `site.dhcp.interfaces` and `zerotouch dhcp --wiring`: the daemon's own configuration, made of the
/// printed lines alone, reads the file apply wrote, and each real daemon accepts the pair as it is.
struct DHCPWiringTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    static let settings: [String: String] = [
        "isc": "{server: isc, output: out/dhcp/zerotouch.conf, subnet: 192.168.1.0/24, range: 192.168.1.200-192.168.1.250, interfaces: [lo]}",
        "dnsmasq": "{server: dnsmasq, output: out/dhcp/zerotouch.conf, subnet: 192.168.1.0/24, range: 192.168.1.200-192.168.1.250, interfaces: [lo]}",
        "kea": "{server: kea, output: out/dhcp/kea.json, subnet: 192.168.1.0/24, range: 192.168.1.200-192.168.1.250, interfaces: [lo]}",
    ]

    @Test(arguments: ["isc", "dnsmasq", "kea"])
    func theWiringAloneMakesTheDaemonReadZeroTouchsFile(_ server: String) throws {
        try write(Self.site.replacingOccurrences(of: "share: {target: out/share,", with: "dhcp: \(Self.settings[server]!)\n  share: {target: out/share,") + Self.hosts)
        let applied = try run("apply")
        try #require(applied.status == 0, "\(applied.stderr)")
        let output = try #require(file(server == "kea" ? "out/dhcp/kea.json" : "out/dhcp/zerotouch.conf"))
        switch server {
        case "kea": #expect(output.contains(#""interfaces": [ "lo" ]"#) && output.contains(#""service-sockets-max-retries": 60"#), "\(output)")
        case "dnsmasq": #expect(output.contains("\ninterface=lo\n"), "\(output)")
        default: break
        }
        let wiring = try run("dhcp", "--wiring")
        #expect(wiring.status == 0, "\(wiring.stderr)")
        let main = folder.appendingPathComponent("main-\(server).conf")
        try wiring.stdout.write(to: main, atomically: true, encoding: .utf8)
        let check: ProcessResult = switch server {
        case "isc": try ProcessRunner.run("dhcpd", ["-t", "-q", "-cf", main.path])
        case "dnsmasq": try ProcessRunner.run("dnsmasq", ["--test", "--conf-file=\(main.path)"])
        default: try ProcessRunner.run("kea-dhcp4", ["-t", main.path])
        }
        #expect(check.status == 0, "\(server) refused its wiring:\n\(wiring.stdout)\n\(check.stderr)\(check.stdout)")
        if server == "kea" { #expect(check.stdout.contains("listening on interface lo") || check.stderr.contains("listening on interface lo"), "\(check.stdout)") }
    }

    @Test func aBadInterfaceNameIsRefusedWhereItIsWritten() throws {
        try write(Self.site.replacingOccurrences(of: "share: {target: out/share,", with: "dhcp: {server: kea, output: out/dhcp/kea.json, subnet: 192.168.1.0/24, interfaces: [eth1, 'eth0;reboot', averyveryverylongname]}\n  share: {target: out/share,") + Self.hosts)
        let result = try run("apply")
        #expect(result.status == 2)
        #expect(result.stderr.contains("site.dhcp.interfaces[1]: 'eth0;reboot' is not a network interface name"), "\(result.stderr)")
        #expect(result.stderr.contains("site.dhcp.interfaces[2]: 'averyveryverylongname' is not a network interface name"), "\(result.stderr)")
        #expect(!exists("out"), "nothing is written")
    }
}
