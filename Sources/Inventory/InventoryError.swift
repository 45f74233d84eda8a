/// A failure of the inventory database, with what was being done and where.
public struct InventoryError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let reason: String
    /// Another writer held the database, or the disk was full: the same operation later may succeed.
    public let isTransient: Bool

    public init(operation: String, path: String, reason: String, isTransient: Bool = false) {
        self.operation = operation
        self.path = path
        self.reason = reason
        self.isTransient = isTransient
    }

    public var description: String { "inventory \(path): cannot \(operation): \(reason)" }
}
