/// A failure of the inventory database, with what was being done and where.
public struct InventoryError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let reason: String

    public init(operation: String, path: String, reason: String) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    public var description: String { "inventory \(path): cannot \(operation): \(reason)" }
}
