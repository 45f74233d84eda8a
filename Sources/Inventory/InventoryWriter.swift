public import Fleet

/// The writes one inventory transaction may make; each host change also appends a timeline entry.
public protocol InventoryWriter {
    /// Stores a new host and its NICs; returns its id.
    @discardableResult
    func insert(_ host: Host, origin: HostOrigin, declaredMode: HostMode?, state: HostState, event: String) throws -> Int64
    func update(id: Int64, _ host: Host, origin: HostOrigin, declaredMode: HostMode?, state: HostState, kind: HostEventKind, event: String) throws
    func setLifecycle(id: Int64, mac: MACAddress, _ lifecycle: HostLifecycle, kind: HostEventKind, detail: String) throws
    /// Appends a timeline entry that changes nothing else.
    func note(id: Int64, mac: MACAddress, detail: String) throws
    /// Removes the host; its timeline stays.
    func delete(id: Int64, mac: MACAddress, event: String) throws
    /// Records that the files of `ids` were rendered from `inputs` (and the DHCP files from `dhcpInputs`).
    func markFilesCurrent(_ ids: [Int64], inputs: String, dhcpInputs: String?) throws
    func hosts(primaryMACs macs: [MACAddress]?) throws -> [StoredHost]
    /// The manifest row of one file; `nil` removes it.
    func recordPublished(root: String, path: String, file: PublishedFile?) throws
    /// Frees the NICs of `ids` for this transaction's inserts and updates (a NIC may move host).
    func releaseNICs(of ids: [Int64]) throws
}
