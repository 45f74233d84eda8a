import Foundation
import OperatingSystem
@testable import Orchestration
import Testing

/// The running daemon hears about a change without a restart: dnsmasq by SIGHUP, Kea by config-reload.
struct DHCPDaemonTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    @Test func dnsmasqRereadsItsHostsFileAfterAHostCommand() throws {
        let settings = """
            server: dnsmasq
            output: out/dhcp/zerotouch.conf
            subnet: 192.168.1.0/24
            range: none
            pid_file: run/dnsmasq.pid
            """
        try write(Self.dhcpSite(settings) + Self.hosts)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("run"), withIntermediateDirectories: true)
        let first = try run("apply")
        #expect(first.status == 1 && first.stderr.contains("dnsmasq was not told"), "no daemon runs yet: \(first.stderr)")
        #expect(exists("out/dhcp/zerotouch.hosts"), "the files are written before the daemon is told")

        let path = { (name: String) in self.folder.appendingPathComponent(name).path }
        let log = folder.appendingPathComponent("run/dnsmasq.log")
        let daemon = try LiveDaemon(["dnsmasq", "--keep-in-foreground", "--conf-file=\(path("out/dhcp/zerotouch.conf"))", "--port=0",
                                     "--pid-file=\(path("run/dnsmasq.pid"))", "--dhcp-leasefile=\(path("run/leases"))",
                                     "--log-facility=\(path("run/dnsmasq.log"))", "--user=root"], log: folder.appendingPathComponent("run/stderr"))
        defer { daemon.stop() }
        let reads = { (try? String(contentsOf: log, encoding: .utf8))?.components(separatedBy: "read \(path("out/dhcp/zerotouch.hosts"))").count ?? 1 }
        #expect(daemon.wait { reads() == 2 && exists("run/dnsmasq.pid") }, "dnsmasq started and read the hosts file once: \(file("run/stderr") ?? "")")

        let added = try run("host", "add", "--mac", "52:54:00:12:34:56", "--name", "rocky01", "--profile", "centos55", "--ip", "192.168.1.20/24")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("sent SIGHUP to dnsmasq"))
        #expect(daemon.wait { reads() == 3 }, "dnsmasq re-read its hosts file: \(file("run/dnsmasq.log") ?? "")")
        #expect(daemon.isRunning, "and kept running")

        // Many host changes in one apply: one signal, one re-read.
        try write(Self.dhcpSite(settings) + Self.hosts + """
              - {mac: "52:54:00:00:00:01", name: el01, profile: centos55, ip: 192.168.1.31/24}
              - {mac: "52:54:00:00:00:02", name: el02, profile: centos55, ip: 192.168.1.32/24}
              - {mac: "52:54:00:00:00:03", name: el03, profile: centos55, ip: 192.168.1.33/24}

            """)
        let applied = try run("apply")
        #expect(applied.status == 0 && applied.stdout.components(separatedBy: "sent SIGHUP").count == 2, "\(applied.stdout)")
        #expect(daemon.wait { reads() == 4 })
        Thread.sleep(forTimeInterval: 0.3)
        #expect(reads() == 4, "one re-read for the whole apply")
        #expect(file("out/dhcp/zerotouch.hosts")?.contains("52:54:00:00:00:03,192.168.1.33,el03") == true)
    }

    @Test func keaReloadsItsConfigurationAfterAHostCommand() throws {
        try write(Self.dhcpSite("""
            server: kea
            output: out/dhcp/kea-dhcp4.conf
            subnet: 192.168.1.0/24
            range: 192.168.1.200-192.168.1.250
            control_socket: run/kea.sock
            lease_file: run/kea-leases4.csv
            """) + Self.hosts)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("run"), withIntermediateDirectories: true)
        let first = try run("apply")
        #expect(first.status == 1 && first.stderr.contains("Kea was not told"), "no daemon runs yet: \(first.stderr)")

        let run = folder.appendingPathComponent("run").path
        let daemon = try LiveDaemon(["kea-dhcp4", "-c", folder.appendingPathComponent("out/dhcp/kea-dhcp4.conf").path],
                                    environment: ["KEA_PIDFILE_DIR": run, "KEA_LOCKFILE_DIR": run, "KEA_LOGGER_DESTINATION": "stdout"],
                                    log: folder.appendingPathComponent("run/kea.log"))
        defer { daemon.stop() }
        #expect(daemon.wait { exists("run/kea.sock") }, "kea-dhcp4 started: \(file("run/kea.log") ?? "")")

        let added = try self.run("host", "add", "--mac", "52:54:00:12:34:56", "--name", "rocky01", "--profile", "centos55", "--ip", "192.168.1.20/24")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("Kea reloaded its configuration"))
        let answer = try UnixSocketClient.exchange(path: folder.appendingPathComponent("run/kea.sock").path,
                                                   request: Array(#"{ "command": "config-get" }"#.utf8), isComplete: JSONCompleteness.isComplete)
        let text = String(decoding: answer, as: UTF8.self)
        #expect(text.contains("52:54:00:12:34:56") && text.contains("192.168.1.20"), "the running Kea has the new reservation")
    }
}
