import Foundation
import Testing

/// `zerotouch serve`, `status` and `host arm` through the built binary.
struct ServeCommandTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    func curl(_ arguments: String...) throws -> String {
        try curlOutput(["-sS", "-m", "10"] + arguments)
    }

    @Test func serveAnswersThenStopsCleanlyOnSIGTERM() throws {
        try write(Self.site + Self.hosts)
        #expect(try run("apply").status == 0)
        let port = Int.random(in: 20000...40000)
        let log = folder.appendingPathComponent("serve.log")
        let server = try LiveDaemon([Self.binary.path, "serve", "-c", folder.appendingPathComponent("zerotouch.yaml").path,
                                     "--listen", "127.0.0.1:\(port)"], log: log, isolated: false)
        defer { server.stop() }
        #expect(server.wait { (try? String(contentsOf: log, encoding: .utf8))?.contains("listening on 127.0.0.1:\(port)") == true })
        let script = try curl("http://127.0.0.1:\(port)/boot?mac=08-00-27-4d-4d-aa")
        #expect(script.hasPrefix("#!ipxe\n") && script.contains("centos01 install centos55"))
        let hosts = try curl("http://127.0.0.1:\(port)/api/v1/hosts")
        #expect(hosts.contains(#""name":"centos01""#))
        #expect(server.terminate() == 0, "SIGTERM is a clean shutdown")
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.contains("stopped") && !text.contains("error"), "\(text)")
        #expect(try run("status", "08:00:27:4d:4d:aa").stdout.contains("booting"), "the fetched script was recorded")
    }

    @Test func serveNeedsAnInventoryAndAValidListenAddress() throws {
        try write(Self.site + Self.hosts)
        let before = try run("serve", "--listen", "127.0.0.1:0")
        #expect(before.status == 1 && before.stderr.contains("run 'zerotouch apply"), "\(before.status) \(before.stderr)")
        let port = try run("serve", "--listen", "127.0.0.1:99999")
        #expect(port.status == 64 && port.stderr.contains("--listen"))
        let level = try run("serve", "--log-level", "loud")
        #expect(level.status == 64 && level.stderr.contains("--log-level"))
    }

    @Test func hostArmPutsAHostBackToInstallAndStatusShowsIt() throws {
        try write(Self.site + Self.hosts)
        #expect(try run("apply").status == 0)
        #expect(try run("host", "mode", "08:00:27:4d:4d:aa", "localboot").status == 0)
        #expect(!exists("out/http/ks/08-00-27-4d-4d-aa.ks"))
        let armed = try run("host", "arm", "08:00:27:4d:4d:aa")
        #expect(armed.status == 0 && armed.stdout.contains("mode install, state armed (was idle)"), "\(armed.stdout)\(armed.stderr)")
        #expect(exists("out/http/ks/08-00-27-4d-4d-aa.ks") && file("out/tftpboot/pxelinux.cfg/01-08-00-27-4d-4d-aa")?.contains("ks=") == true)
        let status = try run("status", "--json")
        let lines = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]])
        let centos = try #require(lines.first { $0["name"] as? String == "centos01" })
        #expect(centos["state"] as? String == "armed" && centos["mode"] as? String == "install")
        #expect((centos["last_event"] as? String)?.hasPrefix("armed for install") == true)
        let capture = try run("host", "arm", "00:19:b9:41:2c:b9", "--capture")
        #expect(capture.status == 2 && capture.stderr.contains("--capture: needs a Windows profile (dell-745 uses ovm22)"), "\(capture.stderr)")
        #expect(try run("status", "00:19:b9:41:2c:b9").stdout.contains("idle"), "a refused arm changes nothing")
        let unknown = try run("status", "52:54:00:00:00:09")
        #expect(unknown.status == 1 && unknown.stderr.contains("no host has the NIC 52:54:00:00:00:09"))
    }

    @Test func aBadInstallRetriesValueIsRefusedAndNothingIsWritten() throws {
        try write(Self.site.replacingOccurrences(of: "site:\n", with: "site:\n  install_retries: -1\n") + Self.hosts)
        let applied = try run("apply")
        #expect(applied.status == 2, "\(applied.stderr)")
        #expect(applied.stderr.contains("site.install_retries: '-1' is not a whole number from 0 to 100"), "\(applied.stderr)")
        #expect(!exists(".zerotouch") && !exists("out"), "nothing written")
    }
}

struct ServeShutdownTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    /// SIGTERM while callbacks are in flight: every callback answered 200 is in the inventory.
    @Test func noAcceptedEventIsLostOnSIGTERM() throws {
        let macs = (0..<100).map { String(format: "52:54:00:00:01:%02x", $0) }
        try write("""
            site: {server: 127.0.0.1, tftp_root: tftp, http_root: http}
            profiles:
              el9: {os: kickstart, kernel: os/el9/vmlinuz, initrd: os/el9/initrd.img}
            hosts:
            \(macs.enumerated().map { "  - {mac: \"\($1)\", name: node\($0), profile: el9}" }.joined(separator: "\n"))

            """)
        #expect(try run("apply").status == 0)
        let port = Int.random(in: 20000...40000)
        var requests = ""
        for mac in macs {
            let token = try run("host", "token", mac).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            // One connection per callback, as an installer's curl or wget makes it.
            requests += "url = \"http://127.0.0.1:\(port)/api/v1/hosts/\(mac)/events\"\nheader = \"Authorization: Bearer \(token)\"\nheader = \"Connection: close\"\n"
            requests += "data = \"{\\\"event\\\": \\\"started\\\"}\"\nwrite-out = \"%{http_code}\\\\n\"\noutput = \"/dev/null\"\n"
            if mac != macs.last { requests += "next\n" }
        }
        let config = folder.appendingPathComponent("requests.curl")
        try requests.write(to: config, atomically: true, encoding: .utf8)
        let log = folder.appendingPathComponent("serve.log")
        let server = try LiveDaemon([Self.binary.path, "serve", "-c", folder.appendingPathComponent("zerotouch.yaml").path, "--listen", "127.0.0.1:\(port)"], log: log, isolated: false)
        defer { server.stop() }
        try #require(server.wait { (try? String(contentsOf: log, encoding: .utf8))?.contains("listening") == true })
        let codes = folder.appendingPathComponent("codes")
        let client = try LiveDaemon(["/usr/bin/curl", "-s", "--parallel", "--parallel-max", "20", "-K", config.path], log: codes, isolated: false)
        Thread.sleep(forTimeInterval: 0.05)
        #expect(server.terminate() == 0)
        _ = client.wait(seconds: 20) { !client.isRunning }
        let accepted = try String(contentsOf: codes, encoding: .utf8).split(separator: "\n").filter { $0 == "200" }.count
        let status = try #require(try JSONSerialization.jsonObject(with: Data(run("status", "--json").stdout.utf8)) as? [[String: Any]])
        let recorded = status.filter { $0["state"] as? String == "installing" }.count
        print("SIGTERM during 100 callbacks: \(accepted) answered 200, \(recorded) recorded")
        #expect(recorded >= accepted, "an event answered 200 is always in the inventory")
    }
}
