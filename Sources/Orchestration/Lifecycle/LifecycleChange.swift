public import Inventory
public import Publish

/// What one accepted lifecycle event did: the host before and after, the files it wrote, and what else
/// happened on the way (a killed run's leftovers removed).
public struct LifecycleChange: Sendable {
    public let before: StoredHost
    public let after: StoredHost
    public let files: [PlannedChange]
    public let notices: [String]

    public init(before: StoredHost, after: StoredHost, files: [PlannedChange], notices: [String] = []) {
        self.before = before
        self.after = after
        self.files = files
        self.notices = notices
    }
}
