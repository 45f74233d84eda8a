import Foundation
import TestSupport
import Testing

/// Runs a real DHCP daemon's own configuration check. The daemons are test requirements
/// (Scripts/test installs them): a missing one fails the test, in CI and everywhere else.
enum Daemon {
    typealias Result = ProcessResult

    static func run(_ program: String, _ arguments: [String]) throws -> Result {
        do {
            return try ProcessRunner.run(program, arguments)
        } catch let missing as ProcessRunner.Missing {
            Issue.record("\(missing) (it installs isc-dhcp-server, dnsmasq-base, kea-dhcp4-server)")
            return Result(status: -1, stdout: "", stderr: "")
        }
    }

    /// Writes `text` to a temporary file and has the daemon check it; returns the daemon's verdict.
    static func check(_ text: String, with server: String) throws -> Result {
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("zt-dhcp-\(UUID().uuidString).conf")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        switch server {
        case "isc": return try run("dhcpd", ["-t", "-q", "-cf", file.path])
        case "dnsmasq", "proxy": return try run("dnsmasq", ["--test", "--conf-file=\(file.path)"])
        default: return try run("kea-dhcp4", ["-t", file.path])
        }
    }
}
