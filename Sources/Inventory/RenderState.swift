/// What the last apply left behind for the next one to trust: the digest of every input a host's
/// files depend on besides its own record (`inputs`), and the hosts whose files were rendered from
/// their record as it is now (`current`). Any other change to a record takes it out of `current`.
public struct RenderState: Sendable, Equatable {
    public let inputs: String?
    /// The digest of what the DHCP files were last rendered from.
    public let dhcpInputs: String?
    public let current: Set<Int64>

    public init(inputs: String?, dhcpInputs: String?, current: Set<Int64>) {
        self.inputs = inputs
        self.dhcpInputs = dhcpInputs
        self.current = current
    }
}
