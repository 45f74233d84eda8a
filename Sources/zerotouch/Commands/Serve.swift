import ArgumentParser
import BootServer
import Foundation
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP boot server: per-MAC iPXE scripts, boot files, lifecycle callbacks.",
        discussion: """
            GET /boot.ipxe             the chain script (DHCP hands it to iPXE clients with site.dhcp.boot: ipxe)
            GET /boot?mac=MAC          the NIC's own script for its host's current mode; unknown MACs boot locally
            GET /files/PATH            files under http_root (Range supported); /tftp/PATH: tftp_root; /ks/PATH: kickstarts
            POST /api/v1/hosts/MAC/events   {"event": "started", "message": "…"} with Authorization: Bearer TOKEN
                                       (events: booting, started, applied, done, ready, failed)
            GET /api/v1/hosts[/MAC]    hosts, states and timelines as JSON;  GET /metrics  Prometheus text

            When a host reports 'started' it is switched to local boot, so it never reinstalls in a loop; its \
            install files stay until it reports 'ready'. For Windows, the status markers autorun.bat writes \
            on the share count as events too. The server follows apply and host commands run meanwhile. \
            SIGTERM or SIGINT stops it after the requests under way.
            """)

    @OptionGroup var fleet: FleetOptions
    @Option(help: "ADDR:PORT, ADDR or :PORT to listen on (default 0.0.0.0 and the site's http_port).")
    var listen: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel = "info"

    func run() async throws {
        var options = BootServer.Options(snapshots: FleetOptions.snapshots, environment: ProcessInfo.processInfo.environment)
        if let listen {
            let parts = listen.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            if !parts[0].isEmpty { options.host = String(parts[0]) }
            if parts.count == 2 {
                guard let port = Int(parts[1]), (0...65535).contains(port) else {
                    throw ValidationError("--listen: '\(listen)' has no valid port (1-65535) after ':'")
                }
                options.port = port
            }
        }
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level: '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "zerotouch.serve")
        do {
            try await BootServer.run(fleetFile: fleet.config, options: options, logger: logger)
        } catch {
            Failure.printError("error: \(error)")
            throw ExitCode(1)
        }
    }
}
