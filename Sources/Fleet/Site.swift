/// Where this ZeroTouch server lives and where it publishes.
public struct Site: Codable, Sendable, Equatable {
    /// The address clients reach: DHCP next-server, TFTP and the HTTP host.
    public let server: IPv4Address
    public let httpPort: Int
    /// Folder of the inventory database, absolute.
    public let stateDirectory: String
    public let tftpRoot: String
    public let httpRoot: String
    public let share: ShareSettings
    /// Reservations ZeroTouch writes for a DHCP server; `nil` when the site's DHCP is managed elsewhere.
    public let dhcp: DHCPSettings?
    /// How many failed installs re-arm a host before it stays `failed` (0: the first failure stops it).
    public let installRetries: Int
    /// A folder searched first for the boot loaders copied into the TFTP root, under their TFTP names
    /// (`shimx64.efi`, `grubx64.efi`, `pxelinux.0`, …): a site's own signed shim, or packages unpacked
    /// by hand. `nil`: the system's packages only.
    public let loaderFolder: String?

    public init(server: IPv4Address, httpPort: Int, stateDirectory: String, tftpRoot: String, httpRoot: String,
                share: ShareSettings, dhcp: DHCPSettings? = nil, installRetries: Int = 0, loaderFolder: String? = nil) {
        self.server = server
        self.httpPort = httpPort
        self.stateDirectory = stateDirectory
        self.tftpRoot = tftpRoot
        self.httpRoot = httpRoot
        self.share = share
        self.dhcp = dhcp
        self.installRetries = installRetries
        self.loaderFolder = loaderFolder
    }

    /// `http://192.168.1.166:8069`, the base of every URL a client fetches from the boot server.
    public var httpBase: String { httpPort == 80 ? "http://\(server)" : "http://\(server):\(httpPort)" }

    /// The chain script iPXE clients are sent to by DHCP, so they do not load iPXE again.
    public var ipxeChainURL: String { "\(httpBase)/boot.ipxe" }
    /// A TFTP root file as `zerotouch serve` offers it over HTTP (UEFI HTTP Boot fetches its loader so).
    public func httpBootURL(of tftpName: String) -> String { "\(httpBase)/tftp/\(tftpName)" }

    /// The URL of a host NIC's kickstart, served from `HTTP_ROOT/ks/<mac>.ks`.
    public func kickstartURL(for mac: MACAddress) -> String { "\(httpBase)/ks/\(mac.dashed).ks" }
}

public struct ShareSettings: Codable, Sendable, Equatable {
    public let target: ShareTarget
    /// `\\server\share[\dir]` as WinPE maps it.
    public let unc: String?
    /// The (read-only) account WinPE maps the share with; `nil` for guest access.
    public let user: String?
    public let password: SecretReference?
    public let domain: String?
    /// The account ZeroTouch writes with (`site.share.publish`), when it is not WinPE's.
    public let publisher: ShareAccount?

    public init(target: ShareTarget, unc: String?, user: String? = nil, password: SecretReference? = nil, domain: String? = nil,
                publisher: ShareAccount? = nil) {
        self.target = target
        self.unc = unc
        self.user = user
        self.password = password
        self.domain = domain
        self.publisher = publisher
    }

    /// The account WinPE maps the share with; `nil` for guest access.
    public var reader: ShareAccount? { user.map { ShareAccount(user: $0, password: password, domain: domain) } }

    /// The account ZeroTouch publishes to an SMB target with: `publish` when given, else WinPE's.
    public var writer: ShareAccount? { publisher ?? reader }
}
