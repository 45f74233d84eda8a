public import Fleet
public import Inventory

/// One change `apply` makes to the inventory, to bring it in line with the fleet file. Each case
/// carries what it needs and nothing else; `detail` says what changed, in words, for the plan and the
/// event row.
public enum HostChange: Sendable {
    /// A host new in the fleet file, recorded with its declared mode and the state that mode gives.
    case add(Host, state: HostState, detail: String)
    /// A stored host whose record becomes `host` (its mode merged as the file's rules say).
    case update(StoredHost, to: Host, declaredMode: HostMode, state: HostState, detail: String)
    /// A stored host no longer in the fleet file.
    case remove(StoredHost, detail: String)

    /// The three kinds, for outputs and counts.
    public enum Kind: String, Sendable {
        case add, update, remove
    }

    public var kind: Kind {
        switch self {
        case .add: .add
        case .update: .update
        case .remove: .remove
        }
    }

    /// The stored record being changed or removed; `nil` for an add.
    public var stored: StoredHost? {
        switch self {
        case .add: nil
        case .update(let record, _, _, _, _), .remove(let record, _): record
        }
    }

    /// The record after the change; `nil` for a remove.
    public var host: Host? {
        switch self {
        case .add(let host, _, _), .update(_, let host, _, _, _): host
        case .remove: nil
        }
    }

    /// The host's state after the change (a removed host's last one).
    public var state: HostState {
        switch self {
        case .add(_, let state, _), .update(_, _, _, let state, _): state
        case .remove(let record, _): record.state
        }
    }

    public var detail: String {
        switch self {
        case .add(_, _, let detail), .update(_, _, _, _, let detail), .remove(_, let detail): detail
        }
    }

    public var name: String {
        switch self {
        case .add(let host, _, _), .update(_, let host, _, _, _): host.name
        case .remove(let record, _): record.host.name
        }
    }
    public var primaryMAC: MACAddress {
        switch self {
        case .add(let host, _, _), .update(_, let host, _, _, _): host.primaryMAC
        case .remove(let record, _): record.host.primaryMAC
        }
    }
}
