/// `site.dhcp`: which DHCP server ZeroTouch writes reservations for, the subnet they live in,
/// and how the daemon learns about a new file.
public struct DHCPSettings: Codable, Sendable, Equatable {
    public enum Server: String, Codable, CaseIterable, Sendable {
        case isc, dnsmasq, kea
        /// dnsmasq as a proxyDHCP beside a DHCP server ZeroTouch may not touch (Windows DHCP, Infoblox):
        /// it answers PXE clients with the boot file only and gives no addresses, so no reservations.
        case proxy

        /// Whether ZeroTouch writes reservations (addresses) for this server.
        public var reserves: Bool { self != .proxy }
        /// The daemons that hold reservations, each with its own file format.
        public static let reserving: [Server] = [.isc, .dnsmasq, .kea]
    }

    /// What network-booting clients load first.
    public enum Loader: String, Codable, CaseIterable, Sendable {
        /// `pxelinux.0` on BIOS (entries in `pxelinux.cfg/`); on x64 UEFI the signed shim, which loads
        /// the signed network GRUB (entries in `grub/hosts/`): boots with Secure Boot on.
        case pxelinux
        /// `pxelinux.0` on BIOS, `syslinux.efi` on x64 UEFI (unsigned: Secure Boot off), for old setups.
        case syslinux
        /// `undionly.kpxe` on BIOS, `ipxe.efi` on x64 UEFI (unsigned: Secure Boot off); iPXE then asks the boot server.
        case ipxe

        public var biosFile: String { self == .ipxe ? "undionly.kpxe" : "pxelinux.0" }
        /// What arm64 UEFI clients (option 93 = 11) load: the signed shim for arm64, which loads
        /// `grubaa64.efi` beside it; `nil` for the unsigned loaders, which ZeroTouch has no arm64 build of.
        public var uefiArm64File: String? { self == .pxelinux ? "shimaa64.efi" : nil }
        public var uefiFile: String {
            switch self {
            case .pxelinux: "shimx64.efi"
            case .syslinux: "syslinux.efi"
            case .ipxe: "ipxe.efi"
            }
        }
    }

    public let server: Server
    /// Absolute path of the file ZeroTouch owns: the ISC include, the dnsmasq snippet or the Kea config.
    public let output: String
    /// dnsmasq only: the `dhcp-hostsfile` the snippet names (re-read on SIGHUP). Absolute.
    public let hostsFile: String
    /// Every subnet answered: the server's own first, then those behind relays (`site.dhcp.subnets`).
    public let subnets: [DHCPSubnet]
    /// The server's own subnet and its settings.
    public var subnet: IPv4Subnet { subnets[0].subnet }
    public var range: ClosedRange<IPv4Address>? { subnets[0].range }
    public var routers: [IPv4Address] { subnets[0].routers }
    public var dns: [IPv4Address] { subnets[0].dns }
    public var domain: String? { subnets[0].domain }
    public let leaseTime: Int
    public let loader: Loader
    /// dnsmasq: the PID file of the running daemon, signalled with SIGHUP after a change.
    public let pidFile: String?
    /// Kea: the control socket of the running daemon, sent `config-reload` after a change.
    public let controlSocket: String?
    /// Kea: the memfile lease file; `nil` leaves Kea's default.
    public let leaseFile: String?
    /// ISC: the configuration `dhcpd -t` checks before a restart (the operator's dhcpd.conf); default `output`.
    public let checkConfig: String?
    /// ISC: the command that restarts dhcpd, run only with `apply --reload`. An argument vector, no shell.
    public let restart: [String]
    /// The interfaces the daemon answers on (Kea's `interfaces-config`, dnsmasq's `interface=`; ISC dhcpd
    /// takes them on its command line). Empty: Kea listens on none, dnsmasq on all.
    public let interfaces: [String]
    /// Whether UEFI HTTP Boot clients (option 93 = 16, vendor class `HTTPClient`) are answered, with the
    /// URL of `httpBootLoader` on `zerotouch serve` (`site.dhcp.http_boot`; default with `boot: ipxe`).
    public let httpBoot: Bool

    /// What HTTP Boot clients load: iPXE, which then asks the boot server over HTTP as well. Unsigned:
    /// Secure Boot off. (Debian's signed GRUB cannot go on over HTTP: it has no http module.)
    public static let httpBootLoader = "ipxe.efi"

    public init(server: Server, output: String, hostsFile: String? = nil, subnet: IPv4Subnet, range: ClosedRange<IPv4Address>?,
                routers: [IPv4Address] = [], dns: [IPv4Address] = [], domain: String? = nil, leaseTime: Int = 3600,
                loader: Loader = .pxelinux, pidFile: String? = nil, controlSocket: String? = nil, leaseFile: String? = nil,
                checkConfig: String? = nil, restart: [String] = [], interfaces: [String] = [], httpBoot: Bool? = nil,
                relayed: [DHCPSubnet] = []) {
        self.server = server
        self.output = output
        self.hostsFile = hostsFile ?? Self.defaultHostsFile(for: output)
        self.subnets = [DHCPSubnet(subnet: subnet, range: range, routers: routers, dns: dns, domain: domain)] + relayed
        self.leaseTime = leaseTime
        self.loader = loader
        self.pidFile = pidFile
        self.controlSocket = controlSocket
        self.leaseFile = leaseFile
        self.checkConfig = checkConfig
        self.restart = restart
        self.interfaces = interfaces
        // A proxyDHCP answers PXE clients only (vendor class PXEClient).
        self.httpBoot = server.reserves && (httpBoot ?? (loader == .ipxe))
    }

    /// The subnet that holds `address` as a host address, if any.
    public func subnet(holding address: IPv4Address) -> DHCPSubnet? {
        subnets.first { $0.subnet.hosts(address) }
    }

    /// `…/zerotouch.conf` → `…/zerotouch.hosts`.
    static func defaultHostsFile(for output: String) -> String {
        let slash = output.lastIndex(of: "/").map { output.index(after: $0) } ?? output.startIndex
        if let dot = output[slash...].lastIndex(of: "."), dot != slash { return output[..<dot] + ".hosts" }
        return output + ".hosts"
    }
}
