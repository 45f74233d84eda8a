import Foundation
import TestSupport
import Testing

/// `zerotouch serve` while something it depends on fails for real: the inventory's SQLite write lock
/// held by another process, the state lock held as a long apply holds it, smbd stopped, the disk
/// full. Boot scripts keep coming from memory; an event is recorded (200) or refused with 503 and
/// recorded nothing, so the installer's retry gets it in later.
struct ServeFaultTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    /// A process that holds a lock until its stdin closes: `python3 -c SCRIPT`, ready once it prints.
    final class LockHolder {
        let process = Process()
        let input = Pipe()

        init(_ script: String, folder: URL) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-c", script + "\nimport sys\nprint('held', flush=True)\nsys.stdin.read()\n"]
            process.currentDirectoryURL = folder
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            let line = output.fileHandleForReading.availableData
            guard String(decoding: line, as: UTF8.self).hasPrefix("held") else { throw CocoaError(.fileReadUnknown) }
        }

        func release() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    struct Reply {
        let status: Int
        let seconds: Double
        let headers: String
    }

    func request(_ url: String, event: String? = nil, token: String? = nil) throws -> Reply {
        var arguments = ["-s", "-m", "30", "-o", "/dev/null", "-D", "-", "-w", "%{http_code}"]
        if let event, let token {
            arguments += ["-H", "Authorization: Bearer \(token)", "-H", "Content-Type: application/json", "-d", #"{"event": "\#(event)"}"#]
        }
        let started = Date()
        let text = try curlOutput(arguments + [url])
        return Reply(status: Int(text.suffix(3)) ?? 0, seconds: Date().timeIntervalSince(started), headers: String(text.dropLast(3)))
    }

    /// Starts `serve` (through `wrapper` when given) on a free port and waits until it listens.
    func startServe(config: String, wrapper: [String] = [], environment: [String: String] = [:]) throws -> (LiveDaemon, Int) {
        let port = Int(try PrivateSamba.freePort())
        let log = folder.appendingPathComponent("serve-\(port).log")
        let server = try LiveDaemon(wrapper + [Self.binary.path, "serve", "-c", config, "--listen", "127.0.0.1:\(port)"], environment: environment,
                                    log: log, isolated: false)
        try #require(server.wait { (try? String(contentsOf: log, encoding: .utf8))?.contains("listening") == true },
                     "serve did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        return (server, port)
    }

    func token(_ mac: String, environment: [String: String] = [:]) throws -> String {
        try run(["host", "token", mac], environment: environment).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The fault holds: boot scripts still answer at once, an event is answered 503 with Retry-After
    /// and changes nothing. Then it is lifted: the same event is recorded.
    func expectDeferredWhile(_ fault: String, port: Int, mac: String, event: String, token: String, state: () throws -> String?,
                             lift: () throws -> Void) throws {
        let boot = try request("http://127.0.0.1:\(port)/boot?mac=00:19:b9:41:2c:b9")
        #expect(boot.status == 200 && boot.seconds < 1, "\(fault): boot scripts keep coming (\(boot.status) in \(boot.seconds) s)")
        let before = try state()
        let deferred = try request("http://127.0.0.1:\(port)/api/v1/hosts/\(mac)/events", event: event, token: token)
        #expect(deferred.status == 503 && deferred.headers.lowercased().contains("retry-after: 5"), "\(fault): \(deferred.status) \(deferred.headers)")
        #expect(deferred.seconds < 15, "\(fault): answered within the wait limit (\(deferred.seconds) s)")
        #expect(try state() == before, "\(fault): a 503 recorded nothing")
        try lift()
        let accepted = try request("http://127.0.0.1:\(port)/api/v1/hosts/\(mac)/events", event: event, token: token)
        #expect(accepted.status == 200, "\(fault) lifted: the retry is recorded (\(accepted.status))")
    }

    func stateOf(_ mac: String, environment: [String: String] = [:]) throws -> String? {
        let status = try JSONSerialization.jsonObject(with: Data(run(["status", mac, "--json"], environment: environment).stdout.utf8))
        return ((status as? [[String: Any]])?.first ?? status as? [String: Any])?["state"] as? String
    }

    @Test func aHeldSQLiteWriteLockDefersEventsNotBoots() throws {
        try write(Self.site + Self.hosts)
        #expect(try run("apply").status == 0)
        let (server, port) = try startServe(config: folder.appendingPathComponent("zerotouch.yaml").path)
        defer { server.stop() }
        let holder = try LockHolder("import sqlite3\nc = sqlite3.connect('.zerotouch/inventory.sqlite', isolation_level=None)\nc.execute('BEGIN IMMEDIATE')",
                                    folder: folder)
        defer { holder.release() }
        try expectDeferredWhile("SQLite write lock held", port: port, mac: "08:00:27:4d:4d:aa", event: "started", token: token("08:00:27:4d:4d:aa"),
                                state: { try stateOf("08:00:27:4d:4d:aa") }, lift: holder.release)
        #expect(try stateOf("08:00:27:4d:4d:aa") == "installing")
        #expect(file("out/tftpboot/pxelinux.cfg/01-08-00-27-4d-4d-aa")?.contains("LOCALBOOT 0") == true)
    }

    @Test func aLongApplyHoldingTheStateLockDefersEventsNotBoots() throws {
        try write(Self.site + Self.hosts)
        #expect(try run("apply").status == 0)
        let (server, port) = try startServe(config: folder.appendingPathComponent("zerotouch.yaml").path)
        defer { server.stop() }
        // The lock an apply takes for its whole run, held here as long as the test needs.
        let holder = try LockHolder("import fcntl\nf = open('.zerotouch/lock', 'a')\nfcntl.flock(f, fcntl.LOCK_EX)", folder: folder)
        defer { holder.release() }
        try expectDeferredWhile("state lock held", port: port, mac: "08:00:27:4d:4d:aa", event: "started", token: token("08:00:27:4d:4d:aa"),
                                state: { try stateOf("08:00:27:4d:4d:aa") }, lift: holder.release)
        #expect(try stateOf("08:00:27:4d:4d:aa") == "installing")
    }

    @Test func aStoppedShareDefersWindowsEventsUntilItIsBack() throws {
        let samba = try smbFleet()
        defer { samba.stop() }
        #expect(try runSMB("apply").status == 0)
        let (server, port) = try startServe(config: folder.appendingPathComponent("zerotouch.yaml").path, environment: Self.smbEnvironment)
        defer { server.stop() }
        let windows = "08:00:27:b2:40:3e"
        let token = try token(windows, environment: Self.smbEnvironment)
        for event in ["started", "done"] {
            #expect(try request("http://127.0.0.1:\(port)/api/v1/hosts/\(windows)/events", event: event, token: token).status == 200)
        }
        #expect(try samba.client("ls pxe/08-00-27-b2-40-3e/*").contains("unattend.xml"))
        samba.crash()
        // `ready` takes the answer file (and its secrets) off the share: with smbd gone it cannot.
        try expectDeferredWhile("smbd stopped", port: port, mac: windows, event: "ready", token: token,
                                state: { try stateOf(windows, environment: Self.smbEnvironment) }, lift: samba.restart)
        #expect(try stateOf(windows, environment: Self.smbEnvironment) == "ready")
        #expect(!(try samba.client("ls pxe/08-00-27-b2-40-3e/*").contains("unattend.xml")), "recorded ready means the secrets are gone")
    }

    @Test func aFullDiskDefersEventsNotBoots() throws {
        // The whole site on a 16 MiB tmpfs of the server's own (a mount namespace of its own), filled
        // through /proc/PID/root while the server runs.
        try write(Self.site + Self.hosts)
        #expect(try run("apply").status == 0)
        let site = URL(fileURLWithPath: folder.path + "-site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: site) }
        let wrapper = ["/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                       "mount -t tmpfs -o size=16m tmpfs \"$0\" && cp -a \"$1\"/. \"$0\"/ && shift && exec \"$@\"", site.path, folder.path]
        let (server, port) = try startServe(config: site.appendingPathComponent("zerotouch.yaml").path, wrapper: wrapper)
        defer { server.stop() }
        let inside = "/proc/\(server.pid)/root" + site.path
        let filler = inside + "/filler"
        _ = try? curlOutput(["-s", "-o", filler, "file:///dev/zero"])   // stops at ENOSPC
        #expect(FileManager.default.fileExists(atPath: filler), "the tmpfs was filled")
        let mac = "08:00:27:4d:4d:aa"
        let state = { () throws -> String? in
            try FileManager.default.contentsOfDirectory(atPath: inside + "/out/tftpboot/pxelinux.cfg").sorted().joined(separator: ",")
                + (try String(contentsOfFile: inside + "/out/tftpboot/pxelinux.cfg/01-08-00-27-4d-4d-aa", encoding: .utf8))
        }
        try expectDeferredWhile("disk full", port: port, mac: mac, event: "started", token: token(mac), state: state,
                                lift: { try FileManager.default.removeItem(atPath: filler) })
        #expect(try String(contentsOfFile: inside + "/out/tftpboot/pxelinux.cfg/01-08-00-27-4d-4d-aa", encoding: .utf8).contains("LOCALBOOT 0"))
    }
}

extension CommandLineSuite {
    /// What curl prints to stdout.
    func curlOutput(_ arguments: [String]) throws -> String {
        try ProcessRunner.run("curl", arguments).stdout
    }
}
