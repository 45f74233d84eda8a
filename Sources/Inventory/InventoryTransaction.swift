public import Fleet
import GRDB

/// The writes one inventory transaction may make; each host change also appends an event row.
public struct InventoryTransaction {
    let db: Database

    /// UTC timestamps in ISO 8601, taken by SQLite so every row of one transaction agrees.
    static let now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

    @discardableResult
    public func insert(_ host: Host, origin: HostOrigin, declaredMode: HostMode?, state: HostState, event: String) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO host (name, profile, ip, gateway, dns, mode, declared_mode, state, origin, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, \(Self.now), \(Self.now))
            """, arguments: StatementArguments([host.name, host.profile] + Self.networkColumns(host)
                + [host.mode.rawValue, declaredMode?.rawValue, state.rawValue, origin.rawValue]))
        let id = db.lastInsertedRowID
        try insertNICs(host, id: id)
        try append(id: id, mac: host.primaryMAC, kind: "registered", detail: event)
        return id
    }

    public func update(id: Int64, _ host: Host, origin: HostOrigin, declaredMode: HostMode?, state: HostState, kind: String, event: String) throws {
        try db.execute(sql: """
            UPDATE host SET name = ?, profile = ?, ip = ?, gateway = ?, dns = ?, mode = ?, declared_mode = ?, state = ?,
                            origin = ?, updated_at = \(Self.now) WHERE id = ?
            """, arguments: StatementArguments([host.name, host.profile] + Self.networkColumns(host)
                + [host.mode.rawValue, declaredMode?.rawValue, state.rawValue, origin.rawValue, id]))
        try db.execute(sql: "DELETE FROM nic WHERE host_id = ?", arguments: [id])
        try insertNICs(host, id: id)
        try append(id: id, mac: host.primaryMAC, kind: kind, detail: event)
    }

    public func delete(id: Int64, mac: MACAddress, event: String) throws {
        try append(id: id, mac: mac, kind: "removed", detail: event)
        try db.execute(sql: "DELETE FROM host WHERE id = ?", arguments: [id])
    }

    /// Records files as published (`entry` present) or removed (`nil`).
    public func recordPublished(root: String, path: String, file: PublishedFile?) throws {
        if let file {
            try db.execute(sql: """
                INSERT INTO published_file (root, path, digest, size, owner) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (root, path) DO UPDATE SET digest = excluded.digest, size = excluded.size, owner = excluded.owner
                """, arguments: [root, path, file.digest, file.size, file.owner])
        } else {
            try db.execute(sql: "DELETE FROM published_file WHERE root = ? AND path = ?", arguments: [root, path])
        }
    }

    func append(id: Int64, mac: MACAddress, kind: String, detail: String) throws {
        try db.execute(sql: "INSERT INTO event (host_id, mac, at, kind, detail) VALUES (?, ?, \(Self.now), ?, ?)",
                       arguments: [id, mac.description, kind, detail])
    }

    func insertNICs(_ host: Host, id: Int64) throws {
        for (position, mac) in host.macs.enumerated() {
            try db.execute(sql: "INSERT INTO nic (mac, host_id, position) VALUES (?, ?, ?)", arguments: [mac.description, id, position])
        }
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
            try db.execute(sql: "DELETE FROM nic WHERE host_id = ?", arguments: [id])
        }
    }
}
