/// A change that was not made because something it needs is busy or unreachable for now (the
/// state lock held by a long apply, the inventory locked, the share down, the disk full). Nothing
/// was recorded: the same request later may succeed, so the boot server answers 503.
public struct Deferred: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { "not recorded for now: \(reason); try again" }
}
