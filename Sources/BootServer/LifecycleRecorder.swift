import Fleet
import Foundation
import Inventory
import Orchestration

/// The one place the server changes anything: lifecycle events and reloads run one at a time on a
/// thread of their own, because the inventory and the file writes block, and a site session is not
/// meant for concurrent use.
// @unchecked Sendable: `session`, `reader` and `seen` are touched only on `worker`.
final class LifecycleRecorder: FleetBackend, @unchecked Sendable {
    private let worker: WorkerThread
    private let tokens: CallbackTokens
    private let path: String
    private let snapshots: String?
    private let environment: [String: String]
    private var session: SiteSession
    private var reader: any InventoryStore
    private var seen: (inventory: Int, file: Date?)

    init(fleetFile path: String, snapshots: String?, environment: [String: String]) throws {
        self.path = path
        self.snapshots = snapshots
        self.environment = environment
        let file = try FleetFile(path: path, snapshots: snapshots)
        guard FileManager.default.fileExists(atPath: file.databasePath) else {
            throw OrchestrationError("there is no inventory at \(file.databasePath) yet; run 'zerotouch apply -c \(path)' first")
        }
        session = SiteSession(file: file, environment: environment, waitLimit: Self.waitLimit)
        reader = try InventoryDatabase(path: file.databasePath, readOnly: true)
        seen = (try reader.changeCounter(), Self.modified(file.path))
        tokens = try Lifecycle(session: session).callbackTokens()
        // Started last, once nothing can fail: a refused start leaves no thread behind.
        worker = WorkerThread(name: "zerotouch.lifecycle")
    }

    deinit {
        worker.finish()
    }

    /// Runs `body` on the recorder's thread.
    func run<T: Sendable>(_ body: @escaping @Sendable (LifecycleRecorder) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            worker.run { continuation.resume(with: Result { try body(self) }) }
        }
    }

    /// Records an event. The server applies the change to its view itself, so its own write is
    /// taken as seen: only changes made by others (apply, host commands) make it read everything again.
    func record(_ event: LifecycleEvent, mac: MACAddress, message: String, source: String) async throws -> LifecycleChange {
        try await run { recorder in
            let unseen = try recorder.reader.changeCounter() != recorder.seen.inventory
            let change = try Lifecycle(session: recorder.session).record(event, mac: mac, message: message, source: source)
            if !unseen { recorder.seen.inventory = try recorder.reader.changeCounter() }
            return change
        }
    }

    /// Stops the thread after the work already queued and waits for it, so no accepted event is
    /// left half done.
    func finish() {
        worker.finish(wait: true)
    }

    /// The hosts and profiles as they are now.
    func snapshot() async throws -> FleetView.Snapshot {
        try await run { try $0.currentSnapshot() }
    }

    /// A new snapshot when the inventory or the fleet file changed since the last look, else `nil`.
    func snapshotIfChanged() async throws -> FleetView.Snapshot? {
        try await run { recorder in
            let counter = try recorder.reader.changeCounter()
            let modified = Self.modified(recorder.path)
            guard counter != recorder.seen.inventory || modified != recorder.seen.file else { return nil }
            recorder.seen.inventory = counter
            if modified != recorder.seen.file {
                // Noted first, so a broken edit is reported once, not every second until it is fixed.
                recorder.seen.file = modified
                recorder.session = SiteSession(file: try FleetFile(path: recorder.path, snapshots: recorder.snapshots),
                                               environment: recorder.environment, waitLimit: Self.waitLimit)
            }
            return try recorder.currentSnapshot()
        }
    }

    func accepts(token presented: Substring, for mac: MACAddress) -> Bool {
        tokens.accepts(presented, for: mac)
    }

    func statusMarkers(of macs: [MACAddress]) async throws -> [MACAddress: StatusMarkers.Found] {
        try await run { try StatusMarkers(session: $0.session).read(of: macs) }
    }

    func note(_ marker: String, mac: MACAddress, message: String, source: String) async throws -> Bool {
        try await run { try Lifecycle(session: $0.session).note(marker, mac: mac, message: message, source: source) }
    }

    func events(of mac: MACAddress) async throws -> [HostEvent] {
        try await run { try HostQueries(session: $0.session).details(of: mac).events }
    }

    private func currentSnapshot() throws -> FleetView.Snapshot {
        let config = session.config
        return FleetView.Snapshot(site: config.site, profiles: config.profiles, hosts: try HostQueries(session: session).list())
    }

    /// How long an event waits for a lock someone else holds (a long apply, a sqlite3 shell) before
    /// it is answered 503: installers retry, and the requests behind it are not held up.
    static let waitLimit = 2.0

    static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
