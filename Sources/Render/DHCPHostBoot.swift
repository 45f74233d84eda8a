public import Fleet

/// What some hosts' NICs get from DHCP beyond the site's answer, decided by their profiles: another
/// x64 UEFI loader than the site's (`Profile.uefiLoader`), and for Windows' boot manager (`winpe:
/// {boot: bootmgr}`) option 252, the TFTP path of the profile's BCD store, which the boot manager
/// reads from the DHCP answer the firmware kept (as it does behind WDS).
public struct DHCPHostBoot: Sendable, Equatable {
    /// x64 UEFI NICs (option 93 = 7, 9).
    public var loaders: [MACAddress: DHCPSettings.Loader]
    /// arm64 UEFI NICs (option 93 = 11).
    public var arm64Loaders: [MACAddress: DHCPSettings.Loader]
    public var bcdPaths: [MACAddress: String]

    public init(loaders: [MACAddress: DHCPSettings.Loader] = [:], arm64Loaders: [MACAddress: DHCPSettings.Loader] = [:], bcdPaths: [MACAddress: String] = [:]) {
        self.loaders = loaders
        self.arm64Loaders = arm64Loaders
        self.bcdPaths = bcdPaths
    }

    /// DHCP option 252 (a text option: ISC, dnsmasq and Kea know no name for it).
    public static let bcdOption = 252

    public init(_ hosts: [Host], profiles: [String: Profile], site loader: DHCPSettings.Loader) {
        self.init()
        for host in hosts {
            guard let profile = profiles[host.profile], profile.firmware == .uefi else { continue }
            let own = profile.uefiLoader(site: loader)
            if own != loader {
                for mac in host.macs {
                    if profile.arch == .arm64 { arm64Loaders[mac] = own } else { loaders[mac] = own }
                }
            }
            if case .bootManager = profile.boot { for mac in host.macs { bcdPaths[mac] = BCDStore.dhcpOption(profile: profile.name) } }
        }
    }

    /// The distinct BCD paths, each with a daemon-side name (`zt-bcd1`…), in a fixed order.
    public var bcdTags: [(name: String, path: String)] {
        Set(bcdPaths.values).sorted().enumerated().map { ("zt-bcd\($0.offset + 1)", $0.element) }
    }
}
