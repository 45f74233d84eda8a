public import Fleet
public import Foundation

/// One row of a host's timeline.
public struct HostEvent: Sendable, Equatable {
    public let mac: MACAddress
    public let at: Date
    public let kind: HostEventKind
    public let detail: String

    /// `at` as the inventory keeps it and as outputs show it: ISO 8601, UTC, milliseconds.
    public var timestamp: String { Self.format(at) }

    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func date(_ text: String) throws -> Date {
        guard let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) else {
            throw RuleViolation("holds a time '\(text)' that is not ISO 8601")
        }
        return date
    }
}
