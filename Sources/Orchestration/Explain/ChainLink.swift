/// One link of a NIC's boot chain as `zerotouch explain` checks it: what it is, whether it holds, and
/// when it does not, what to do.
public struct ChainLink: Sendable, Encodable, Equatable {
    public enum Status: String, Sendable, Encodable {
        case ok, warn, fail
    }

    /// What the link is: `host`, `dhcp`, `loader`, `entry`, `file`, `kickstart`, `share`, `next boot`.
    public let step: String
    public let status: Status
    /// What was found, in one line.
    public let detail: String
    /// What to do about it; `nil` when the link holds.
    public let fix: String?

    static func ok(_ step: String, _ detail: String) -> ChainLink { ChainLink(step: step, status: .ok, detail: detail, fix: nil) }
    static func warn(_ step: String, _ detail: String, fix: String) -> ChainLink { ChainLink(step: step, status: .warn, detail: detail, fix: fix) }
    static func fail(_ step: String, _ detail: String, fix: String) -> ChainLink { ChainLink(step: step, status: .fail, detail: detail, fix: fix) }
}
