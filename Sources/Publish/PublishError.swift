/// A publishing step that failed, with the operation, the place and the reason in words.
public struct PublishError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let reason: String

    public init(operation: String, path: String, reason: String) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot \(operation) '\(path)': \(reason)" }
}
