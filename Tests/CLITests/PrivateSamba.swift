import Foundation
import TestSupport
import Testing

/// A Samba server of the test's own (PLATFORM-NOTES: "A private Samba server for tests"): its own
/// smb.conf, state and password database under the test folder, port 4450 on loopback only, one
/// a free port on loopback only, a writable share `deploy` over `sharePath`, a read-only share
/// `readonly` over the same folder, and one account `reader` (mapped to the Unix user root).
final class PrivateSamba {
    let root: URL
    let config: URL
    private(set) var daemon: LiveDaemon
    let port: String
    static let password = "reader-pass"

    /// `smb://127.0.0.1:PORT/deploy`.
    var url: String { "smb://127.0.0.1:\(port)/deploy" }

    init(folder: URL, sharePath: URL) throws {
        port = String(try Self.freePort())
        root = folder.appendingPathComponent("samba")
        for name in ["private", "lock", "state", "cache", "pid", "ncalrpc", "binddns"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        let t = root.path
        try "root = reader\n".write(to: root.appendingPathComponent("usermap"), atomically: true, encoding: .utf8)
        config = root.appendingPathComponent("smb.conf")
        try """
            [global]
              server role = standalone server
              smb ports = \(port)
              bind interfaces only = yes
              interfaces = lo
              disable netbios = yes
              server min protocol = SMB2
              private dir = \(t)/private
              lock directory = \(t)/lock
              state directory = \(t)/state
              cache directory = \(t)/cache
              pid directory = \(t)/pid
              ncalrpc dir = \(t)/ncalrpc
              binddns dir = \(t)/binddns
              log file = \(t)/log.smbd
              passdb backend = tdbsam:\(t)/private/passdb.tdb
              username map = \(t)/usermap
              idmap config * : backend = tdb
              idmap config * : range = 3000-7999
              load printers = no
              printing = bsd
              printcap name = /dev/null
              disable spoolss = yes
            [deploy]
              path = \(sharePath.path)
              read only = no
            [readonly]
              path = \(sharePath.path)
              read only = yes

            """.write(to: config, atomically: true, encoding: .utf8)
        try Self.run("/usr/bin/smbpasswd", ["-c", config.path, "-s", "-a", "root"], input: "\(Self.password)\n\(Self.password)\n")
        daemon = try Self.startDaemon(config: config, root: root, port: port)
    }

    private static func startDaemon(config: URL, root: URL, port: String) throws -> LiveDaemon {
        let daemon = try LiveDaemon(["/usr/sbin/smbd", "--foreground", "--debug-stdout", "-s", config.path],
                                    log: root.appendingPathComponent("smbd.out"), isolated: false)
        let listening = daemon.wait(seconds: 15) { (try? Self.run("/usr/bin/smbclient", ["-L", "//127.0.0.1", "-p", port, "-N", "--configfile=\(config.path)"])) != nil }
        try #require(listening, "smbd did not start (samba and smbclient come with Scripts/setup test): \((try? String(contentsOf: root.appendingPathComponent("smbd.out"), encoding: .utf8)) ?? "")")
        return daemon
    }

    /// Kills smbd and its children at once (SIGKILL), as a crash or a power cut would.
    func crash() {
        for file in ["pid/smbd.pid", "pid/samba-dcerpcd.pid"] {
            if let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8),
               let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGKILL)
            }
        }
        // Connection handlers are children in smbd's process group.
        kill(-daemon.pid, SIGKILL)
        _ = daemon.terminate(seconds: 5)
    }

    /// Starts smbd again on the same port, state and share.
    func restart() throws {
        daemon = try Self.startDaemon(config: config, root: root, port: port)
    }

    /// A TCP port on loopback that nothing listens on now.
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw SambaFailure(description: "no free port on loopback") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// `smbclient //127.0.0.1/deploy -U reader` running `command`, as WinPE's account would.
    @discardableResult
    func client(_ command: String) throws -> String {
        try Self.run("/usr/bin/smbclient", ["//127.0.0.1/deploy", "-p", port, "-U", "reader%\(Self.password)", "--configfile=\(config.path)", "-c", command])
    }

    func stop() {
        daemon.stop()
        // smbd may have started samba-dcerpcd, which idles for a minute otherwise.
        if let text = try? String(contentsOf: root.appendingPathComponent("pid/samba-dcerpcd.pid"), encoding: .utf8),
           let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)
        }
    }

    deinit { stop() }

    @discardableResult
    static func run(_ program: String, _ arguments: [String], input: String? = nil) throws -> String {
        let result = try ProcessRunner.run(program, arguments, input: input)
        guard result.status == 0 else { throw SambaFailure(description: "\(program) exited \(result.status): \(result.output)") }
        return result.output
    }

    struct SambaFailure: Error, CustomStringConvertible {
        let description: String
    }
}
