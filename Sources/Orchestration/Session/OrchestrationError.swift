/// A failure while carrying out a command, already worded for the operator.
public struct OrchestrationError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
