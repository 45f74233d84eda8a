public import Fleet
public import Inventory

/// One change `apply` makes to the inventory, to bring it in line with the fleet file.
public struct HostChange: Sendable {
    public enum Kind: String, Sendable {
        case add, update, remove
    }

    public let kind: Kind
    /// The stored record being changed or removed; `nil` for an add.
    public let stored: StoredHost?
    /// The record after the change; `nil` for a remove.
    public let host: Host?
    public let declaredMode: HostMode?
    public let state: HostState
    public let origin: HostOrigin
    /// What changed, in words, for the plan and the event row.
    public let detail: String

    public var name: String { host?.name ?? stored!.host.name }
    public var primaryMAC: MACAddress { host?.primaryMAC ?? stored!.host.primaryMAC }
}
