public import Fleet

/// The inventory as ZeroTouch uses it: hosts with their NICs and lifecycle, each host's timeline, the
/// manifest of what was published on each root, and what the last render was made from. SQLite
/// (`InventoryDatabase`) is the embedded default; another store implements the same and passes the
/// same tests. Reads see committed data; `write` is one transaction, all of it or none.
public protocol InventoryStore: Sendable {
    func hosts() throws(InventoryError) -> [StoredHost]
    func host(mac: MACAddress) throws(InventoryError) -> StoredHost?
    /// The host's latest `limit` timeline entries, oldest first.
    func events(mac: MACAddress, limit: Int) throws(InventoryError) -> [HostEvent]
    /// Each host's latest timeline entry, by host id.
    func latestEvents() throws(InventoryError) -> [Int64: HostEvent]
    /// A number that changes whenever another writer commits.
    func changeCounter() throws(InventoryError) -> Int
    func renderState() throws(InventoryError) -> RenderState
    func publishedFileCount(root: String) throws(InventoryError) -> Int
    /// The manifest of one root; with `owners`, only the files of those owners.
    func publishedFiles(root: String, owners: Set<FileOwner>?) throws(InventoryError) -> [PublishedFile]
    func write<T>(_ operation: String, _ body: (any InventoryWriter) throws -> T) throws(InventoryError) -> T
}

extension InventoryStore {
    public func events(mac: MACAddress) throws(InventoryError) -> [HostEvent] { try events(mac: mac, limit: 50) }
    public func publishedFiles(root: String) throws(InventoryError) -> [PublishedFile] { try publishedFiles(root: root, owners: nil) }
}
