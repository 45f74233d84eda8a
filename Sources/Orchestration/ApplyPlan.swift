public import Publish

/// What `apply` will do: inventory changes, file changes on every root, and warnings.
public struct ApplyPlan: Sendable {
    public let hostChanges: [HostChange]
    public let fileChanges: [PlannedChange]
    public let warnings: [String]
    /// What was done besides writing files (a DHCP daemon told to reload), one line each.
    public internal(set) var notices: [String] = []

    public var conflicts: [PlannedChange] { fileChanges.filter { $0.action == .conflict } }

    public var isEmpty: Bool { hostChanges.isEmpty && !fileChanges.contains(where: \.isChange) }

    public func count(_ action: PlannedChange.Action) -> Int {
        fileChanges.reduce(0) { $0 + ($1.action == action ? 1 : 0) }
    }
}
