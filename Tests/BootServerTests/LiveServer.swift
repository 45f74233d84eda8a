import BootServer
import Foundation
import Inventory
import Logging
import Orchestration

/// A boot server on a free loopback port, over a fleet of its own in a fresh folder; `stop()`
/// cancels it the way SIGTERM would and waits until it has finished.
final class LiveServer: Sendable {
    let folder: String
    let port: Int
    private let task: Task<Void, any Error>

    static let site = """
        site:
          server: 127.0.0.1
          http_port: 8069
          install_retries: 1
          state: state
          tftp_root: tftp
          http_root: http
          share: {target: share, unc: '\\\\pxe\\deploy'}
        profiles:
          rocky9: {os: kickstart, release: el9, kernel: os/r9/vmlinuz, initrd: os/r9/initrd.img}
          w2k8r2: {os: windows, winpe: {boot: memdisk, iso: winpe.iso}, image: {wim: images/w.wim, index: 1}, answer_file: windows-2008r2.xml}
          disk: {os: local}

        """

    /// Writes `hosts` (YAML list items) under the site, applies, and starts serving.
    init(hosts: String) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("zt-serve-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try (Self.site + "hosts:\n" + hosts).write(toFile: folder + "/zerotouch.yaml", atomically: true, encoding: .utf8)
        _ = try FleetApply(session: SiteSession(file: FleetFile(path: folder + "/zerotouch.yaml", snapshots: nil), environment: [:])).run()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "test.serve")
        logger.logLevel = .critical
        let fleetFile = folder + "/zerotouch.yaml"
        task = Task {
            defer { continuation.finish() }
            try await BootServer.run(fleetFile: fleetFile, options: .init(host: "127.0.0.1", port: 0, followInterval: .milliseconds(200), markerEvery: 1),
                                     logger: logger) { port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            _ = try await task.value
            throw RawHTTP.Failure(description: "the server ended before listening")
        }
        self.port = port
    }

    /// Runs `body` against a server of its own, and stops the server (removing its folder) when
    /// `body` returns or throws: no server outlives its test.
    static func with<T>(hosts: String, _ body: (LiveServer) async throws -> T) async throws -> T {
        let server = try await LiveServer(hosts: hosts)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A session on the server's site, as the command line would open one.
    func session() throws -> SiteSession { SiteSession(file: try FleetFile(path: folder + "/zerotouch.yaml", snapshots: nil), environment: [:]) }
    func hosts() throws -> [StoredHost] { try HostQueries(session: session()).list() }

    func file(_ relative: String) -> String? { try? String(contentsOfFile: folder + "/" + relative, encoding: .utf8) }

    func get(_ target: String, headers: [String: String] = [:]) async throws -> HTTPReply {
        try await RawHTTP.get(port: port, target, headers: headers)
    }

    func post(_ mac: String, _ json: String, token: String?) async throws -> HTTPReply {
        try await RawHTTP.post(port: port, "/api/v1/hosts/\(mac)/events", json: json, token: token)
    }

    /// Polls until `condition` holds or about five seconds pass; the follower looks every 200 ms.
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<50 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
