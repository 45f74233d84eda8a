public import Publish
import Fleet

/// What `apply` will do: inventory changes, file changes on every root, and warnings.
public struct ApplyPlan: Sendable {
    public let hostChanges: [HostChange]
    public let fileChanges: [PlannedChange]
    public let warnings: [String]
    /// What was done besides writing files (a DHCP daemon told to reload), one line each.
    public internal(set) var notices: [String] = []
    /// Files of hosts that were not rendered again, because neither their record nor any input of
    /// their files changed since they were written; they count as unchanged.
    public internal(set) var untouched = 0
    /// How many hosts were rendered: those changed since the last apply, or all of them.
    public var hostsRendered: Int { rendering.hosts.count }
    /// What was rendered, so that apply can record it once it is published.
    var rendering = Rendering()

    struct Rendering: Sendable {
        /// `RenderInputs` of this run; `nil`: nothing is recorded.
        var inputs: String?
        /// The hosts rendered, with the mode whose files they got, by primary MAC.
        var hosts: [MACAddress: (host: Host, filesMode: HostMode?)] = [:]
        /// Whether every host was rendered (the inventory is then read whole to record them).
        var everyHost = true
        /// The digest of what the DHCP files were rendered from, when they were.
        var dhcpInputs: String?
        /// Whether apply has something to record even when no file changes.
        var needsRecord = false
    }

    init(hostChanges: [HostChange], fileChanges: [PlannedChange], warnings: [String]) {
        self.hostChanges = hostChanges
        self.fileChanges = fileChanges
        self.warnings = warnings
    }

    public var conflicts: [PlannedChange] { fileChanges.filter { $0.action == .conflict } }

    public var isEmpty: Bool { hostChanges.isEmpty && !fileChanges.contains(where: \.isChange) }

    public func count(_ action: PlannedChange.Action) -> Int {
        fileChanges.reduce(0) { $0 + ($1.action == action ? 1 : 0) } + (action == .unchanged ? untouched : 0)
    }
}
