public import Fleet
import GRDB

/// One SQLite transaction's writes.
public struct InventoryTransaction: InventoryWriter {
    let db: Database

    /// UTC timestamps in ISO 8601, taken by SQLite so every row of one transaction agrees.
    static let now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

    @discardableResult
    public func insert(_ host: Host, origin: HostOrigin, declaredMode: HostMode?, state: HostState, event: String) throws -> Int64 {
        try run(sql: """
            INSERT INTO host (name, profile, ip, gateway, dns, mode, declared_mode, state, origin, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, \(Self.now), \(Self.now))
            """, arguments: StatementArguments([host.name, host.profile] + Self.networkColumns(host)
                + [host.mode.rawValue, declaredMode?.rawValue, state.rawValue, origin.rawValue]))
        let id = db.lastInsertedRowID
        try insertNICs(host, id: id)
        try append(id: id, mac: host.primaryMAC, kind: .registered, detail: event)
        return id
    }

    /// Changes a host's record. A change of mode is the operator's word and starts its lifecycle
    /// afresh (no install under way, no failures, no last event).
    public func update(id: Int64, _ host: Host, origin: HostOrigin, declaredMode: HostMode?, state: HostState, kind: HostEventKind, event: String) throws {
        // On the right-hand side, `mode` is still the old value.
        try run(sql: """
            UPDATE host SET name = ?2, profile = ?3, ip = ?4, gateway = ?5, dns = ?6, declared_mode = ?7, state = ?8, origin = ?9,
                            armed_mode = CASE WHEN mode = ?1 THEN armed_mode END,
                            failures = CASE WHEN mode = ?1 THEN failures ELSE 0 END,
                            last_event = CASE WHEN mode = ?1 THEN last_event END,
                            mode = ?1, files_current = 0, updated_at = \(Self.now) WHERE id = ?10
            """, arguments: StatementArguments([host.mode.rawValue, host.name, host.profile] + Self.networkColumns(host)
                + [declaredMode?.rawValue, state.rawValue, origin.rawValue, id]))
        try run(sql: "DELETE FROM nic WHERE host_id = ?", arguments: [id])
        try insertNICs(host, id: id)
        try append(id: id, mac: host.primaryMAC, kind: kind, detail: event)
    }

    /// Moves a host along its lifecycle (an event, a re-arm) and records why in its timeline.
    public func setLifecycle(id: Int64, mac: MACAddress, _ lifecycle: HostLifecycle, kind: HostEventKind, detail: String) throws {
        try run(sql: """
            UPDATE host SET mode = ?, state = ?, armed_mode = ?, failures = ?, last_event = ?, files_current = 0, updated_at = \(Self.now) WHERE id = ?
            """, arguments: [lifecycle.mode.rawValue, lifecycle.state.rawValue, lifecycle.armedMode?.rawValue, lifecycle.failures,
                             lifecycle.lastEvent?.rawValue, id])
        try append(id: id, mac: mac, kind: kind, detail: detail)
    }

    public func note(id: Int64, mac: MACAddress, detail: String) throws {
        try append(id: id, mac: mac, kind: .note, detail: detail)
    }

    public func delete(id: Int64, mac: MACAddress, event: String) throws {
        try append(id: id, mac: mac, kind: .removed, detail: event)
        try run(sql: "DELETE FROM host WHERE id = ?", arguments: [id])
    }

    /// Records that the hosts `ids` have files rendered from their record as it is now, with the
    /// inputs whose digest is `inputs`.
    /// `dhcpInputs`: the DHCP files were published too, from inputs of this digest.
    public func markFilesCurrent(_ ids: [Int64], inputs: String, dhcpInputs: String?) throws {
        try setSetting("render_inputs", inputs)
        if let dhcpInputs { try setSetting("dhcp_inputs", dhcpInputs) }
        for id in ids {
            try run(sql: "UPDATE host SET files_current = 1 WHERE id = ?", arguments: [id])
        }
    }

    func setSetting(_ name: String, _ value: String) throws {
        try run(sql: "INSERT INTO setting (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                arguments: [name, value])
    }

    /// The hosts as this transaction sees them: `macs` their primary NICs, or every host.
    public func hosts(primaryMACs macs: [MACAddress]?) throws -> [StoredHost] {
        guard let macs else { return try InventoryDatabase.fetchHosts(db, filter: "", arguments: []) }
        var found: [StoredHost] = []
        for mac in macs {
            found += try InventoryDatabase.fetchHosts(db, filter: "WHERE id = (SELECT host_id FROM nic WHERE mac = ? AND position = 0)",
                                                      arguments: [mac.description])
        }
        return found
    }

    /// Records files as published (`entry` present) or removed (`nil`).
    public func recordPublished(root: String, path: String, file: PublishedFile?) throws {
        if let file {
            try run(sql: """
                INSERT INTO published_file (root, path, digest, size, owner) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (root, path) DO UPDATE SET digest = excluded.digest, size = excluded.size, owner = excluded.owner
                """, arguments: [root, path, file.digest, file.size, file.owner.stored])
        } else {
            try run(sql: "DELETE FROM published_file WHERE root = ? AND path = ?", arguments: [root, path])
        }
    }

    func append(id: Int64, mac: MACAddress, kind: HostEventKind, detail: String) throws {
        try run(sql: "INSERT INTO event (host_id, mac, at, kind, detail) VALUES (?, ?, \(Self.now), ?, ?)",
                       arguments: [id, mac, kind.rawValue, detail])
    }

    func insertNICs(_ host: Host, id: Int64) throws {
        for (position, mac) in host.macs.enumerated() {
            try run(sql: "INSERT INTO nic (mac, host_id, position) VALUES (?, ?, ?)", arguments: [mac.description, id, position])
        }
    }

    /// Runs one statement, prepared once per connection: GRDB's statement cache spares the SQL
    /// parse and authorizer on every row of a 10,000-host apply.
    func run(sql: String, arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    static func networkColumns(_ host: Host) -> [(any DatabaseValueConvertible)?] {
        guard let network = host.network else { return [nil, nil, ""] }
        return [network.interface.description, network.gateway?.description, network.dns.map { $0.description }.joined(separator: ",")]
    }
}

extension InventoryTransaction {
    /// Frees the NICs of hosts about to be updated, so a MAC may move between hosts in one transaction.
    public func releaseNICs(of ids: [Int64]) throws {
        for id in ids {
            try run(sql: "DELETE FROM nic WHERE host_id = ?", arguments: [id])
        }
    }
}
