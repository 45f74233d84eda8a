public import Fleet
import Foundation
import GRDB

/// The embedded inventory: hosts, their NICs, a timeline of events, and the manifest of published
/// files. SQLite in WAL mode; the schema holds the invariants too (unique MACs, foreign keys).
public final class InventoryDatabase: InventoryStore {
    let queue: DatabaseQueue
    public let path: String

    /// Opens (creating when needed) the database at `path` and runs pending migrations.
    /// `readOnly` opens an existing database for reading only: closing it never writes the file,
    /// so a command that changes nothing leaves the inventory untouched, down to its timestamps.
    /// `busyTimeout`: how long a write waits for another writer, in seconds (default 10).
    public init(path: String, readOnly: Bool = false, busyTimeout: Double? = nil) throws(InventoryError) {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout ?? 10)
        if readOnly {
            configuration.readonly = true
        } else {
            configuration.journalMode = .wal
        }
        do {
            if !readOnly && !FileManager.default.fileExists(atPath: path) { try Self.create(at: path) }
            queue = try DatabaseQueue(path: path, configuration: configuration)
            // Migrating takes a write transaction even when there is nothing to do; a run that changes
            // nothing must not touch the file, so migrate only when a migration is pending.
            if try !queue.read(Self.migrator.hasCompletedMigrations) {
                guard !readOnly else {
                    throw InventoryError(operation: "read", path: path, reason: "the inventory predates this version of ZeroTouch; run 'zerotouch apply' once to upgrade it")
                }
                try Self.migrator.migrate(queue)
            }
        } catch let error as InventoryError {
            throw error
        } catch {
            throw InventoryError(operation: "open", path: path, reason: "\(error)", isTransient: Self.isTransient(error))
        }
    }

    /// Makes a new database whole under a temporary name, then links it into place: a command that
    /// reads while the first apply creates the inventory finds no file or a migrated one, never an
    /// empty schema. Only the holder of the state lock creates, so the temporary name is fixed.
    static func create(at path: String) throws {
        let files = FileManager.default
        let temporary = path + ".creating"
        try? files.removeItem(atPath: temporary)
        defer { try? files.removeItem(atPath: temporary) }
        let queue = try DatabaseQueue(path: temporary)
        try migrator.migrate(queue)
        try queue.close()
        do {
            try files.linkItem(atPath: temporary, toPath: path)
        } catch where files.fileExists(atPath: path) {
            // Made by another creator meanwhile: theirs is as whole as ours.
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 hosts, nics, events, published files") { db in
            try db.execute(sql: """
                CREATE TABLE host (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    profile TEXT NOT NULL,
                    ip TEXT,
                    gateway TEXT,
                    dns TEXT NOT NULL DEFAULT '',
                    mode TEXT NOT NULL CHECK (mode IN ('install', 'localboot', 'disabled', 'capture')),
                    declared_mode TEXT CHECK (declared_mode IN ('install', 'localboot', 'disabled', 'capture')),
                    state TEXT NOT NULL,
                    origin TEXT NOT NULL CHECK (origin IN ('file', 'cli')),
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE TABLE nic (
                    mac TEXT PRIMARY KEY NOT NULL,
                    host_id INTEGER NOT NULL REFERENCES host(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    UNIQUE (host_id, position)
                );
                -- Events outlive their host (host_id becomes NULL) so a removal stays in the record.
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    host_id INTEGER REFERENCES host(id) ON DELETE SET NULL,
                    mac TEXT NOT NULL,
                    at TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    detail TEXT NOT NULL
                );
                CREATE INDEX event_by_mac ON event(mac, id);
                CREATE TABLE published_file (
                    root TEXT NOT NULL,
                    path TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    owner TEXT,
                    PRIMARY KEY (root, path)
                );
                CREATE INDEX published_by_owner ON published_file(owner);
                """)
        }
        migrator.registerMigration("v2 lifecycle: armed mode, failures, last event") { db in
            try db.execute(sql: """
                ALTER TABLE host ADD COLUMN armed_mode TEXT CHECK (armed_mode IN ('install', 'capture'));
                ALTER TABLE host ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE host ADD COLUMN last_event TEXT;
                """)
        }
        migrator.registerMigration("v3 render state: which hosts' files follow their record") { db in
            try db.execute(sql: """
                ALTER TABLE host ADD COLUMN files_current INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE setting (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                """)
        }
        return migrator
    }

    // MARK: reading

    public func hosts() throws(InventoryError) -> [StoredHost] {
        try read("read hosts") { db in try Self.fetchHosts(db, filter: "", arguments: []) }
    }

    /// The host that has `mac` among its NICs.
    public func host(mac: MACAddress) throws(InventoryError) -> StoredHost? {
        try read("read host \(mac)") { db in
            try Self.fetchHosts(db, filter: "WHERE id = (SELECT host_id FROM nic WHERE mac = ?)", arguments: [mac.description]).first
        }
    }

    public func events(mac: MACAddress, limit: Int) throws(InventoryError) -> [HostEvent] {
        try read("read events of \(mac)") { db in
            try Row.fetchAll(db, sql: "SELECT mac, at, kind, detail FROM event WHERE mac = ? ORDER BY id DESC LIMIT ?",
                             arguments: [mac.description, limit])
                .reversed()
                .map(Self.event)
        }
    }

    /// Each host's latest timeline entry, by host id.
    public func latestEvents() throws(InventoryError) -> [Int64: HostEvent] {
        try read("read the latest events") { db in
            var latest: [Int64: HostEvent] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT host_id, mac, at, kind, detail FROM event WHERE id IN (SELECT max(id) FROM event WHERE host_id IS NOT NULL GROUP BY host_id)
                """)
            while let row = try rows.next() {
                latest[row["host_id"]] = try Self.event(row)
            }
            return latest
        }
    }

    /// A number that changes whenever another connection commits (SQLite's `data_version`), so a
    /// long-running reader can tell cheaply when to read again.
    public func changeCounter() throws(InventoryError) -> Int {
        try read("read the change counter") { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    /// What the last apply rendered with and which hosts' files it left current (`RenderState`).
    public func renderState() throws(InventoryError) -> RenderState {
        try read("read the render state") { db in
            let inputs = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE name = 'render_inputs'")
            let dhcp = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE name = 'dhcp_inputs'")
            let current = try Int64.fetchSet(db, sql: "SELECT id FROM host WHERE files_current")
            return RenderState(inputs: inputs, dhcpInputs: dhcp, current: current)
        }
    }

    /// How many files of one root the manifest holds.
    public func publishedFileCount(root: String) throws(InventoryError) -> Int {
        try read("count the manifest") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM published_file WHERE root = ?", arguments: [root]) ?? 0 }
    }

    /// The manifest of one root; with `owners`, only the files of those owners.
    public func publishedFiles(root: String, owners: Set<FileOwner>?) throws(InventoryError) -> [PublishedFile] {
        try read("read the manifest") { db in
            var sql = "SELECT root, path, digest, size, owner FROM published_file WHERE root = ?"
            var arguments: StatementArguments = [root]
            if let owners {
                let hosts = owners.compactMap(\.stored)
                sql += " AND (owner IN (\(Array(repeating: "?", count: hosts.count).joined(separator: ",")))"
                sql += owners.contains(.site) ? " OR owner IS NULL)" : ")"
                arguments += StatementArguments(hosts.sorted())
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                PublishedFile(root: $0["root"], path: $0["path"], digest: $0["digest"], size: $0["size"], owner: try FileOwner(stored: $0["owner"]))
            }
        }
    }

    // MARK: writing

    /// Runs `body` in one transaction: all of it is stored, or none of it.
    public func write<T>(_ operation: String, _ body: (any InventoryWriter) throws -> T) throws(InventoryError) -> T {
        do {
            return try queue.write { db in try body(InventoryTransaction(db: db)) }
        } catch let error as InventoryError {
            throw error
        } catch {
            throw InventoryError(operation: operation, path: path, reason: Self.explain(error), isTransient: Self.isTransient(error))
        }
    }

    private func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(InventoryError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw InventoryError(operation: operation, path: path, reason: Self.explain(error))
        }
    }

    /// Whether the same operation later may succeed: another writer holds the database, or the disk is full.
    static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL].contains(error.resultCode.primaryResultCode)
    }

    static func explain(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }

    static func fetchHosts(_ db: Database, filter: String, arguments: StatementArguments) throws -> [StoredHost] {
        var macsByHost: [Int64: [MACAddress]] = [:]
        let nicSQL = filter.isEmpty
            ? "SELECT host_id, mac FROM nic ORDER BY host_id, position"
            : "SELECT host_id, mac FROM nic WHERE host_id IN (SELECT id FROM host \(filter)) ORDER BY host_id, position"
        let nics = try Row.fetchCursor(db, sql: nicSQL, arguments: arguments)
        while let row = try nics.next() {
            macsByHost[row["host_id"], default: []].append(try MACAddress(row["mac"] as String))
        }
        var hosts: [StoredHost] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, name, profile, ip, gateway, dns, mode, declared_mode, state, origin, armed_mode, failures, last_event
            FROM host \(filter) ORDER BY id
            """, arguments: arguments)
        while let row = try rows.next() {
            let id: Int64 = row["id"]
            guard let macs = macsByHost[id] else { continue }
            var network: HostNetwork?
            if let ip: String = row["ip"] {
                let gateway: String? = row["gateway"]
                let dns: String = row["dns"]
                network = HostNetwork(interface: try IPv4Interface(ip),
                                      gateway: try gateway.map { (text) throws(RuleViolation) in try IPv4Address(text) },
                                      dns: try dns.split(separator: ",").map { (text) throws(RuleViolation) in try IPv4Address(String(text)) })
            }
            let host = Host(name: row["name"], macs: macs, profile: row["profile"], network: network, mode: try decode(row["mode"]))
            let lifecycle = HostLifecycle(mode: host.mode, state: try decode(row["state"]), armedMode: try decodeIfPresent(row["armed_mode"]),
                                          failures: row["failures"], lastEvent: try decodeIfPresent(row["last_event"]))
            hosts.append(StoredHost(id: id, host: host, origin: try decode(row["origin"]),
                                    declaredMode: try decodeIfPresent(row["declared_mode"]), lifecycle: lifecycle))
        }
        return hosts
    }

    /// A timeline row (`mac`, `at`, `kind`, `detail`).
    static func event(_ row: Row) throws -> HostEvent {
        HostEvent(mac: try MACAddress(row["mac"] as String), at: try HostEvent.date(row["at"]), kind: try decode(row["kind"]), detail: row["detail"])
    }

    static func decodeIfPresent<T: RawRepresentable>(_ text: String?) throws -> T? where T.RawValue == String {
        try text.map { (text) throws in try decode(text) }
    }

    static func decode<T: RawRepresentable>(_ text: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else { throw RuleViolation("holds an unknown value '\(text)'; was it written by a newer ZeroTouch?") }
        return value
    }
}

extension RuleViolation: CustomStringConvertible {
    public var description: String { rule }
}
