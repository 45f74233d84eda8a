/// Whose a published file is: the site's own (`pxelinux.cfg/default`, boot loaders, the share's
/// skeleton, the DHCP files) or one host's, named by its primary MAC.
public enum FileOwner: Hashable, Sendable, CustomStringConvertible {
    case site
    case host(MACAddress)

    /// The inventory's spelling: no value for the site, the MAC's text for a host.
    public var stored: String? {
        switch self {
        case .site: nil
        case .host(let mac): mac.description
        }
    }

    public init(stored: String?) throws(RuleViolation) {
        self = try stored.map { (text) throws(RuleViolation) in .host(try MACAddress(text)) } ?? .site
    }

    public var description: String { stored ?? "the site" }
}
