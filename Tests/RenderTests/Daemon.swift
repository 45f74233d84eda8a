import Foundation
import Testing

/// Runs a real DHCP daemon's own configuration check. The daemons are test requirements
/// (Scripts/test installs them): a missing one fails the test, in CI and everywhere else.
enum Daemon {
    struct Result {
        let status: Int32
        let output: String
    }

    static func run(_ program: String, _ arguments: [String]) throws -> Result {
        let path = program.hasPrefix("/") ? program : ["/usr/sbin/", "/usr/bin/", "/sbin/"].map { $0 + program }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else {
            Issue.record("\(program) is not installed; run Scripts/setup test (it installs isc-dhcp-server, dnsmasq-base, kea-dhcp4-server)")
            return Result(status: -1, output: "")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        // A file rather than a pipe: a process started elsewhere at the same moment may inherit the
        // pipe's write end and hold off its end-of-file.
        let log = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("zt-daemon-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return Result(status: process.terminationStatus, output: try String(contentsOf: log, encoding: .utf8))
    }

    /// Writes `text` to a temporary file and has the daemon check it; returns the daemon's verdict.
    static func check(_ text: String, with server: String) throws -> Result {
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("zt-dhcp-\(UUID().uuidString).conf")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        switch server {
        case "isc": return try run("dhcpd", ["-t", "-q", "-cf", file.path])
        case "dnsmasq": return try run("dnsmasq", ["--test", "--conf-file=\(file.path)"])
        default: return try run("kea-dhcp4", ["-t", file.path])
        }
    }
}
