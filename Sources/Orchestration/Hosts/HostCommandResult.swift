public import Inventory
public import Publish

/// What a host command did: the host as it is now (as it was, for a removal), the files it wrote on
/// the roots, and what else happened (a DHCP daemon told, a killed run's leftovers removed).
public struct HostCommandResult: Sendable {
    public let host: StoredHost
    public let files: [PlannedChange]
    public let notices: [String]
}
