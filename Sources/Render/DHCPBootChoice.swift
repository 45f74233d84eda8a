public import Fleet

/// What DHCP answers each kind of network-booting client, by its architecture (option 93, RFC 4578)
/// and user class (option 77): one table the three daemons' configurations are written from, so they
/// cannot disagree. The rows never overlap (a client sends one architecture; iPXE's row is tested
/// first and excluded from the others), so no daemon's rule order matters. A client whose
/// architecture is in no row gets no boot file: none is taken for another.
public struct DHCPBootChoice: Sendable, Equatable {
    /// The daemon-side name of the row (a dnsmasq tag, an ISC comment, a Kea client class).
    public let name: String
    /// The option 93 values the row answers; empty for iPXE's row (matched by user class).
    public let architectures: [Int]
    /// Whether clients that send no option 93 at all (plain BOOTP, old PXE ROMs) belong here too.
    public let includesNoArchitecture: Bool
    /// A TFTP file name (fetched from next-server) or an `http://` URL.
    public let file: String
    /// Option 60 to send back: UEFI HTTP Boot takes an offer only when it says `HTTPClient`.
    public let vendorClass: String?

    public var isURL: Bool { file.hasPrefix("http://") }

    /// User class iPXE sends in its own DHCP request.
    public static let ipxeUserClass = "iPXE"

    public static func table(_ settings: DHCPSettings, site: Site) -> [DHCPBootChoice] {
        var rows: [DHCPBootChoice] = []
        if settings.loader == .ipxe || settings.httpBoot {
            rows.append(DHCPBootChoice(name: "zt-ipxe", architectures: [], includesNoArchitecture: false, file: site.ipxeChainURL, vendorClass: nil))
        }
        rows.append(DHCPBootChoice(name: "zt-bios", architectures: [0], includesNoArchitecture: true, file: settings.loader.biosFile, vendorClass: nil))
        rows.append(DHCPBootChoice(name: "zt-efi64", architectures: [7, 9], includesNoArchitecture: false, file: settings.loader.uefiFile, vendorClass: nil))
        if let arm64 = settings.loader.uefiArm64File {
            rows.append(DHCPBootChoice(name: "zt-efiarm64", architectures: [11], includesNoArchitecture: false, file: arm64, vendorClass: nil))
        }
        if settings.httpBoot {
            // iPXE is the one loader here that goes on over HTTP: Debian's signed GRUB has no http module.
            rows.append(DHCPBootChoice(name: "zt-http64", architectures: [16], includesNoArchitecture: false,
                                       file: site.httpBootURL(of: DHCPSettings.httpBootLoader), vendorClass: "HTTPClient"))
        }
        return rows
    }
}
