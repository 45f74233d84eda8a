public import Fleet

/// One file a host (or the site) needs, and the root it belongs under.
public struct Artifact: Sendable, Equatable {
    public let root: PublishRoot
    /// Relative to the root, `/`-separated, built only from validated values.
    public let path: String
    public let content: [UInt8]
    /// The host this file belongs to, by primary MAC; `nil` for site-wide files.
    public let owner: FileOwner

    public init(root: PublishRoot, path: String, content: [UInt8], owner: FileOwner) {
        self.root = root
        self.path = path
        self.content = content
        self.owner = owner
    }

    public init(root: PublishRoot, path: String, text: String, owner: FileOwner) {
        self.init(root: root, path: path, content: Array(text.utf8), owner: owner)
    }
}

/// The places clients read from, and the DHCP server's files.
public enum PublishRoot: String, CaseIterable, Sendable {
    case tftp, http, share
    /// The file system root: `site.dhcp` names its files by absolute path.
    case dhcp
}

/// The artifact kinds `zerotouch render --artifact` can print.
public enum ArtifactKind: String, CaseIterable, Sendable {
    case pxelinux
    /// The GRUB file of a UEFI host's NIC (`TFTP_ROOT/grub/hosts/<mac>.cfg`), read by shim's GRUB.
    case grub
    /// The iPXE script `zerotouch serve` answers for the NIC (`/boot?mac=`).
    case ipxe
    /// The Windows answer file (unattend.xml or sysprep.inf).
    case answer
    /// WinPE's scripts in the host's share folder.
    case autorun, diskpart
    /// The kickstart of a Linux or ESXi host (`HTTP_ROOT/ks/<mac>.ks`).
    case kickstart
}
