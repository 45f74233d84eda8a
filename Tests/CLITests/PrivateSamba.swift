import Foundation
import Testing

/// A Samba server of the test's own (PLATFORM-NOTES: "A private Samba server for tests"): its own
/// smb.conf, state and password database under the test folder, port 4450 on loopback only, one
/// share `deploy` over `sharePath`, and one account `reader` (mapped to the Unix user root).
final class PrivateSamba {
    let root: URL
    let config: URL
    let daemon: LiveDaemon
    static let port = "4450"
    static let password = "reader-pass"

    init(folder: URL, sharePath: URL) throws {
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
              smb ports = \(Self.port)
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
              read only = yes

            """.write(to: config, atomically: true, encoding: .utf8)
        try Self.run("/usr/bin/smbpasswd", ["-c", config.path, "-s", "-a", "root"], input: "\(Self.password)\n\(Self.password)\n")
        daemon = try LiveDaemon(["/usr/sbin/smbd", "--foreground", "--debug-stdout", "-s", config.path],
                                log: root.appendingPathComponent("smbd.out"), isolated: false)
        let listening = daemon.wait(seconds: 15) { (try? Self.run("/usr/bin/smbclient", ["-L", "//127.0.0.1", "-p", Self.port, "-N", "--configfile=\(self.config.path)"])) != nil }
        try #require(listening, "smbd did not start (samba and smbclient come with Scripts/setup test): \((try? String(contentsOf: root.appendingPathComponent("smbd.out"), encoding: .utf8)) ?? "")")
    }

    /// `smbclient //127.0.0.1/deploy -U reader` running `command`, as WinPE's account would.
    func client(_ command: String) throws -> String {
        try Self.run("/usr/bin/smbclient", ["//127.0.0.1/deploy", "-p", Self.port, "-U", "reader%\(Self.password)", "--configfile=\(config.path)", "-c", command])
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let log = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("zt-smb-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        let pipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : pipe
        try process.run()
        if let input {
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        try handle.close()
        let output = try String(contentsOf: log, encoding: .utf8)
        guard process.terminationStatus == 0 else { throw SambaFailure(description: "\(program) exited \(process.terminationStatus): \(output)") }
        return output
    }

    struct SambaFailure: Error, CustomStringConvertible {
        let description: String
    }
}
