public import Fleet

/// What DHCP answers each kind of network-booting client, by its architecture (option 93, RFC 4578)
/// and user class (option 77): one table the three daemons' configurations are written from, so they
/// cannot disagree. The rows never overlap (a client sends one architecture; iPXE's row is tested
/// first and excluded from the rows it overlaps), so no daemon's rule order matters. A client whose
/// architecture is in no row gets no boot file: none is taken for another.
public struct DHCPBootChoice: Sendable, Equatable {
    /// The daemon-side name of the row (a dnsmasq tag, an ISC comment, a Kea client class).
    public let name: String
    /// Option 77 the row also requires (iPXE's row: the loop breaker that sends iPXE on to the boot server).
    public let userClass: String?
    /// The option 93 values the row answers; empty with a user class: any architecture.
    public let architectures: [Int]
    /// Whether clients that send no option 93 at all (plain BOOTP, old PXE ROMs) belong here too.
    public let includesNoArchitecture: Bool
    /// A TFTP file name (fetched from next-server) or an `http://` URL.
    public let file: String
    /// Option 60 to send back: UEFI HTTP Boot takes an offer only when it says `HTTPClient`.
    public let vendorClass: String?
    /// The NICs the row is for; empty: every client. Such rows hold the hosts whose profile needs
    /// another UEFI loader than the site's (`Profile.uefiLoader`), and come before the rows for
    /// everyone, which leave them out.
    public let macs: [MACAddress]

    public var isURL: Bool { file.hasPrefix("http://") }

    init(name: String, userClass: String? = nil, architectures: [Int], includesNoArchitecture: Bool = false, file: String, vendorClass: String? = nil,
         macs: [MACAddress] = []) {
        self.name = name
        self.userClass = userClass
        self.architectures = architectures
        self.includesNoArchitecture = includesNoArchitecture
        self.file = file
        self.vendorClass = vendorClass
        self.macs = macs
    }

    /// Whether a client of this row could also be one of `other`'s.
    public func overlaps(_ other: DHCPBootChoice) -> Bool {
        architectures.isEmpty || other.architectures.isEmpty || !Set(architectures).isDisjoint(with: other.architectures)
    }

    /// The rows of `table` this row must leave out, which take their clients first: for a plain row,
    /// the iPXE rows and the per-host rows it overlaps; for a per-host row, the iPXE rows.
    public func yields(in table: [DHCPBootChoice]) -> [DHCPBootChoice] {
        guard userClass == nil else { return [] }
        return table.filter { other in
            other.name != name && overlaps(other) && (other.userClass != nil || (macs.isEmpty && !other.macs.isEmpty))
        }
    }

    /// User class iPXE sends in its own DHCP request.
    public static let ipxeUserClass = "iPXE"

    /// - Parameter hostBoot: the UEFI NICs whose hosts' profiles need another loader than the site's
    ///   (`Profile.uefiLoader`), each with it, x64 and arm64 apart.
    public static func table(_ settings: DHCPSettings, site: Site, hostBoot: DHCPHostBoot = DHCPHostBoot()) -> [DHCPBootChoice] {
        var rows: [DHCPBootChoice] = []
        let uefiX64 = [7, 9]
        let hostLoaders = hostBoot.loaders
        let byLoader = Dictionary(grouping: hostLoaders.filter { $0.value != settings.loader }.keys) { hostLoaders[$0]! }
        if settings.loader == .ipxe {
            rows.append(DHCPBootChoice(name: "zt-ipxe", userClass: ipxeUserClass, architectures: [], file: site.ipxeChainURL))
        } else if settings.httpBoot || byLoader[.ipxe] != nil {
            // Only an x64 UEFI iPXE (loaded by HTTP Boot, or handed to a host that needs it) goes on to
            // the boot server: an iPXE in a BIOS NIC's ROM still gets the site's own loader.
            rows.append(DHCPBootChoice(name: "zt-ipxe", userClass: ipxeUserClass, architectures: uefiX64, file: site.ipxeChainURL))
        }
        for loader in DHCPSettings.Loader.allCases {
            guard let macs = byLoader[loader] else { continue }
            rows.append(DHCPBootChoice(name: "zt-efi64-\(loader.rawValue)", architectures: uefiX64, file: loader.uefiFile, macs: macs.sorted()))
        }
        // arm64 hosts whose loader the site's does not give them (a Secure Boot host on an iPXE site).
        let arm64 = hostBoot.arm64Loaders.filter { $0.value.uefiArm64File != nil && $0.value.uefiArm64File != settings.loader.uefiArm64File }
        for (loader, macs) in Dictionary(grouping: arm64.keys, by: { arm64[$0]! }).sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            rows.append(DHCPBootChoice(name: "zt-efiarm64-\(loader.rawValue)", architectures: [11], file: loader.uefiArm64File!, macs: macs.sorted()))
        }
        rows.append(DHCPBootChoice(name: "zt-bios", architectures: [0], includesNoArchitecture: true, file: settings.loader.biosFile))
        rows.append(DHCPBootChoice(name: "zt-efi64", architectures: uefiX64, file: settings.loader.uefiFile))
        if let arm64 = settings.loader.uefiArm64File {
            rows.append(DHCPBootChoice(name: "zt-efiarm64", architectures: [11], file: arm64))
        }
        if settings.httpBoot {
            // iPXE is the one loader here that goes on over HTTP: Debian's signed GRUB has no http module.
            rows.append(DHCPBootChoice(name: "zt-http64", architectures: [16], file: site.httpBootURL(of: DHCPSettings.httpBootLoader), vendorClass: "HTTPClient"))
        }
        return rows
    }

    /// What a proxyDHCP cannot do for the UEFI machines of these profiles, seen in the lab: Debian 12's
    /// signed GRUB (2.06) takes its TFTP server from the DHCP server's answer, not the proxy's, so it
    /// never reads its configuration. `nil` when nothing stands in the way.
    public static func proxyLimit(_ settings: DHCPSettings, profiles: some Collection<Profile>) -> String? {
        guard settings.server == .proxy, profiles.contains(where: { $0.firmware == .uefi && $0.uefiLoader(site: settings.loader) == .pxelinux }) else { return nil }
        return "site.dhcp.server: proxy cannot boot UEFI machines through shim and GRUB: GRUB 2.06 asks the DHCP server's own "
            + "next-server for grub/grub.cfg, not the proxy's; give UEFI hosts ZeroTouch's own DHCP (server: isc, dnsmasq or kea), "
            + "or boot: ipxe with secure_boot: false (iPXE follows the proxy)"
    }
}
