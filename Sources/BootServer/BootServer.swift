public import Logging
import Fleet
import Foundation
import Hummingbird
import Orchestration
import ServiceLifecycle

/// `zerotouch serve`: the HTTP boot server. Answers iPXE per MAC from memory, serves boot and host
/// files, takes lifecycle callbacks, and follows the share's status markers, until SIGTERM or SIGINT,
/// when it stops taking requests and finishes those under way, so no event is lost.
public enum BootServer {
    public struct Options: Sendable {
        /// Address to bind; `0.0.0.0` answers on every interface.
        public var host: String
        /// `nil`: the site's `http_port`; 0: any free port (tests).
        public var port: Int?
        /// How often the inventory and the fleet file are looked at.
        public var followInterval: Duration
        /// The share's status markers are looked at every this many intervals.
        public var markerEvery: Int
        /// Where fleet snapshots are kept (`FleetFile.snapshotFolder`); `nil`: none.
        public var snapshots: String?
        /// Where `*_env` secrets are read (the share's password, for status markers and re-renders).
        public var environment: [String: String]

        public init(host: String = "0.0.0.0", port: Int? = nil, followInterval: Duration = .seconds(1), markerEvery: Int = 5, snapshots: String? = nil,
                    environment: [String: String] = [:]) {
            self.host = host
            self.port = port
            self.followInterval = followInterval
            self.markerEvery = markerEvery
            self.snapshots = snapshots
            self.environment = environment
        }
    }

    /// Runs until a signal or the task's cancellation. `onListening` gets the bound port.
    public static func run(fleetFile: String, options: Options, logger: Logger,
                           onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let recorder = try LifecycleRecorder(fleetFile: fleetFile, snapshots: options.snapshots, environment: options.environment)
        let snapshot = try await recorder.snapshot()
        let routes = BootRoutes(view: FleetView(snapshot), backend: recorder, metrics: ServerMetrics(), logger: logger)
        let router = Router()
        routes.register(on: router)
        let port = options.port ?? snapshot.site.httpPort
        let listener = BootListener(host: options.host, port: port, responder: router.buildResponder(),
                                    bootAnswer: routes.bootAnswer, logger: logger, onListening: onListening)
        let follower = FleetFollower(routes: routes, interval: options.followInterval, markerEvery: options.markerEvery)
        logger.notice("serving \(snapshot.hosts.count) hosts from \(fleetFile) on \(options.host):\(port)")
        defer { recorder.finish() }
        let services = ServiceGroup(configuration: .init(services: [listener, follower], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await services.run()
        await routes.pending.drain()
        logger.notice("stopped")
    }
}
