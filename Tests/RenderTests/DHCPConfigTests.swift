import Fleet
import Foundation
@testable import Render
import Testing

struct DHCPConfigTests {
    static let site = PXELinuxConfigTests.site

    static func settings(_ server: DHCPSettings.Server, loader: DHCPSettings.Loader = .ipxe, range: Bool = true, httpBoot: Bool? = nil) -> DHCPSettings {
        DHCPSettings(server: server, output: "/etc/zerotouch/dhcp.conf", subnet: try! IPv4Subnet("192.168.1.0/24"),
                     range: range ? try! IPv4Address("192.168.1.200")...IPv4Address("192.168.1.250") : nil,
                     routers: [try! IPv4Address("192.168.1.166")], dns: [try! IPv4Address("192.168.1.166"), try! IPv4Address("192.168.1.1")],
                     domain: "example.com", leaseTime: 7200, loader: loader,
                     controlSocket: server == .kea ? "/run/kea/kea4-ctrl-socket" : nil, httpBoot: httpBoot)
    }

    /// Seed 004's Windows host with two NICs, a DHCP-addressed CentOS host, and seed 003's Xen box.
    static let hosts = [
        Host(name: "W2K8-WEB01", macs: [try! MACAddress("08:00:27:b2:40:3e"), try! MACAddress("08:00:27:b2:40:3f")], profile: "w2k8r2",
             network: HostNetwork(interface: try! IPv4Interface("192.168.1.188/24"))),
        Host(name: "centos01.example.com", macs: [try! MACAddress("08:00:27:4d:4d:aa")], profile: "centos55"),
        Host(name: "dell-745", macs: [try! MACAddress("00:19:b9:41:2c:b9")], profile: "ovm22",
             network: HostNetwork(interface: try! IPv4Interface("192.168.1.177/24")), mode: .localboot),
    ]

    /// Golden files were checked by eye against dhcpd.conf(5), dnsmasq(8), Kea's ARM and FORMATS.md §4,
    /// and each is accepted by its daemon below.
    @Test(arguments: DHCPSettings.Server.allCases)
    func configMatchesGoldenAndItsDaemonAcceptsIt(_ server: DHCPSettings.Server) throws {
        let settings = Self.settings(server)
        let artifacts = DHCPArtifacts.render(settings, site: Self.site, hosts: Self.hosts)
        #expect(artifacts.allSatisfy { $0.root == .dhcp && $0.owner == .site })
        #expect(artifacts[0].path == "etc/zerotouch/dhcp.conf")
        try PXELinuxConfigTests.expect(String(decoding: artifacts[0].content, as: UTF8.self), golden: "dhcp-\(server.rawValue)")
        if server == .dnsmasq {
            #expect(artifacts[1].path == "etc/zerotouch/dhcp.hosts")
            try PXELinuxConfigTests.expect(String(decoding: artifacts[1].content, as: UTF8.self), golden: "dhcp-dnsmasq-hosts")
        }
        let check = try Daemon.check(DHCPArtifacts.preview(server, settings: settings, site: Self.site, hosts: Self.hosts), with: server.rawValue)
        #expect(check.status == 0, "\(check.output)")
    }

    @Test(arguments: DHCPSettings.Server.allCases, DHCPSettings.Loader.allCases)
    func everyLoaderAndRangeChoiceIsAccepted(_ server: DHCPSettings.Server, _ loader: DHCPSettings.Loader) throws {
        for range in server.reserves ? [true, false] : [false] {
            for httpBoot in server.reserves ? [false, true] : [false] {
                let text = DHCPArtifacts.preview(server, settings: Self.settings(server, loader: loader, range: range, httpBoot: httpBoot), site: Self.site, hosts: Self.hosts)
                #expect(text.contains(loader.biosFile) && text.contains(loader.uefiFile))
                #expect(text.contains("shimaa64.efi") == (loader == .pxelinux), "arm64 UEFI clients get the arm64 shim with the default loader only")
                #expect(text.contains("http://192.168.1.166:8069/boot.ipxe") == (loader == .ipxe || httpBoot), "only iPXE clients are sent to the boot server")
                #expect(text.contains("http://192.168.1.166:8069/tftp/ipxe.efi") == httpBoot && text.contains("HTTPClient") == httpBoot)
                let check = try Daemon.check(text, with: server.rawValue)
                #expect(check.status == 0, "\(server) \(loader) range \(range) http_boot \(httpBoot): \(check.output)")
            }
        }
    }

    /// A mixed site: the hosts whose profile needs another UEFI loader than the site's get it by MAC
    /// (Secure Boot on: shim on an iPXE site; wimboot: iPXE on a shim site), everyone else the site's,
    /// and each daemon accepts the result.
    @Test(arguments: DHCPSettings.Server.allCases)
    func hostsWhoseProfileNeedsAnotherUEFILoaderGetItByMAC(_ server: DHCPSettings.Server) throws {
        let kernel = PXELinuxConfigTests.profiles["el9"]!.boot
        let profiles = [
            "secure": Profile(name: "secure", os: .kickstart, firmware: .uefi, boot: kernel),
            "plain": Profile(name: "plain", os: .kickstart, firmware: .uefi, secureBoot: false, boot: kernel),
            "w11": Profile(name: "w11", os: .windows, firmware: .uefi, secureBoot: false,
                           boot: .wimboot(WimbootFiles(loader: try BootPath("wimboot"), directory: try BootPath("winpe")))),
        ]
        let hosts = [Host(name: "sb01", macs: [try MACAddress("52:54:00:30:00:01"), try MACAddress("52:54:00:30:00:02")], profile: "secure"),
                     Host(name: "plain01", macs: [try MACAddress("52:54:00:30:00:03")], profile: "plain"),
                     Host(name: "W11-01", macs: [try MACAddress("52:54:00:30:00:04")], profile: "w11")]
        for loader in [DHCPSettings.Loader.ipxe, .pxelinux] {
            let text = DHCPArtifacts.preview(server, settings: Self.settings(server, loader: loader), site: Self.site, hosts: hosts, profiles: profiles)
            let (own, mac, file) = loader == .ipxe ? ("pxelinux", "52:54:00:30:00:01", "shimx64.efi") : ("ipxe", "52:54:00:30:00:04", "ipxe.efi")
            switch server {
            case .isc:
                #expect(text.contains("} elsif ((option pxe-system-type = 00:07 or option pxe-system-type = 00:09) and (hardware = 01:\(mac)") && text.contains("filename \"\(file)\""),
                        "\(loader): \(text)")
            case .dnsmasq, .proxy:
                #expect(text.contains("dhcp-mac=set:zt-efi64-\(own)-host,\(mac)"), "\(loader): \(text)")
                #expect(text.contains("tag:!zt-efi64-\(own)-host"), "the site's own row leaves them out")
            case .kea:
                #expect(text.contains("(option[93].hex == 0x0007 or option[93].hex == 0x0009) and (pkt4.mac == 0x\(mac.replacingOccurrences(of: ":", with: ""))"), "\(text)")
                #expect(text.contains("not member('zt-efi64-\(own)') and"), "the site's own row leaves them out")
            }
            #expect(!text.contains("52:54:00:30:00:03") || server.reserves, "a host that takes the site's loader has no row of its own")
            if loader == .pxelinux {
                #expect(text.contains("http://192.168.1.166:8069/boot.ipxe"), "the iPXE handed to the wimboot host is sent on to the boot server")
            }
            let check = try Daemon.check(text, with: server.rawValue)
            #expect(check.status == 0, "\(server) \(loader): \(check.output)")
        }
    }

    /// An arm64 host with Secure Boot on, on an iPXE site (which has no arm64 loader of its own), gets
    /// the arm64 shim by its MAC; other arm64 clients still get no boot file.
    @Test(arguments: DHCPSettings.Server.allCases)
    func anARM64SecureBootHostOnAnIPXESiteGetsTheARM64ShimByItsMAC(_ server: DHCPSettings.Server) throws {
        let profiles = ["arm": Profile(name: "arm", os: .kickstart, arch: .arm64, firmware: .uefi, boot: PXELinuxConfigTests.profiles["el9"]!.boot)]
        let hosts = [Host(name: "arm01", macs: [try MACAddress("52:54:00:30:00:11")], profile: "arm")]
        let text = DHCPArtifacts.preview(server, settings: Self.settings(server, loader: .ipxe), site: Self.site, hosts: hosts, profiles: profiles)
        #expect(text.contains("shimaa64.efi") && !text.contains("shimx64.efi"), "\(text)")
        switch server {
        case .isc:
            #expect(text.contains("option pxe-system-type = 00:0b) and (hardware = 01:52:54:00:30:00:11"), "\(text)")
        case .dnsmasq, .proxy:
            #expect(text.contains("dhcp-mac=set:zt-efiarm64-pxelinux-host,52:54:00:30:00:11"), "\(text)")
        case .kea:
            #expect(text.contains("option[93].hex == 0x000b) and (pkt4.mac == 0x525400300011"), "\(text)")
        }
        let check = try Daemon.check(text, with: server.rawValue)
        #expect(check.status == 0, "\(server): \(check.output)")
    }

    /// A host whose profile starts Windows' boot manager gets shim (GRUB chainloads the boot manager)
    /// and option 252, the TFTP path of its profile's BCD store, sent although the firmware does not
    /// ask for it; other hosts get no 252. Each daemon accepts the result.
    @Test(arguments: [DHCPSettings.Server.isc, .dnsmasq, .kea])
    func windowsBootManagerHostsGetTheirProfilesBCDPathAsOption252(_ server: DHCPSettings.Server) throws {
        let profiles = [
            "w11": Profile(name: "w11", os: .windows, firmware: .uefi, boot: .bootManager(BootManagerFiles(directory: try BootPath("winpe/w11")))),
            "plain": Profile(name: "plain", os: .kickstart, firmware: .uefi, secureBoot: false, boot: PXELinuxConfigTests.profiles["el9"]!.boot),
        ]
        let hosts = [Host(name: "W11-01", macs: [try MACAddress("52:54:00:30:00:04"), try MACAddress("52:54:00:30:00:05")], profile: "w11", network: HostNetwork(interface: try IPv4Interface("192.168.1.40/24"))),
                     Host(name: "plain01", macs: [try MACAddress("52:54:00:30:00:03")], profile: "plain")]
        let text = DHCPArtifacts.preview(server, settings: Self.settings(server, loader: .ipxe), site: Self.site, hosts: hosts, profiles: profiles)
        switch server {
        case .isc:
            #expect(text.contains("option zt-bcd-path code 252 = text;"), "\(text)")
            let block = try #require(text.components(separatedBy: "host zt-52-54-00-30-00-05 {").last?.components(separatedBy: "}").first)
            #expect(block.contains("option zt-bcd-path \"\\\\bcd\\\\w11.bcd\";") && block.contains("concat(option dhcp-parameter-request-list, fc)"), "\(block)")
            let plain = try #require(text.components(separatedBy: "host zt-52-54-00-30-00-03 {").last?.components(separatedBy: "}").first)
            #expect(!plain.contains("zt-bcd-path"), "\(plain)")
        case .dnsmasq:
            #expect(text.contains("dhcp-option-force=tag:zt-bcd1,252,\"\\\\bcd\\\\w11.bcd\""), "\(text)")
            #expect(text.contains("dhcp-host=52:54:00:30:00:04,52:54:00:30:00:05,set:zt-bcd1,192.168.1.40,"), "\(text)")
            #expect(text.contains("dhcp-host=52:54:00:30:00:03,plain01"), "\(text)")
        default:
            #expect(text.contains("\"code\": 252, \"type\": \"string\""), "\(text)")
            #expect(text.contains("\"hw-address\": \"52:54:00:30:00:05\", \"ip-address\": \"192.168.1.40\", \"hostname\": \"W11-01\", \"option-data\": [ { \"name\": \"zt-bcd-path\", \"data\": \"\\\\bcd\\\\w11.bcd\", \"always-send\": true } ]"), "\(text)")
        }
        #expect(text.contains("shimx64.efi"), "the boot manager's hosts get shim on an iPXE site: \(text)")
        let check = try Daemon.check(text, with: server.rawValue)
        #expect(check.status == 0, "\(server): \(check.output)")
    }

    @Test func keaReservationsAreOnePerNICWithTheHostsAddressAndLabel() throws {
        let text = KeaConfig.render(Self.settings(.kea), site: Self.site, hosts: Self.hosts)
        let json = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let subnet = try #require(((root["Dhcp4"] as? [String: Any])?["subnet4"] as? [[String: Any]])?.first)
        let reservations = try #require(subnet["reservations"] as? [[String: String]])
        #expect(reservations.map { $0["hw-address"]! } == ["08:00:27:4d:4d:aa", "00:19:b9:41:2c:b9", "08:00:27:b2:40:3e", "08:00:27:b2:40:3f"], "sorted by host name")
        #expect(reservations[0]["hostname"] == "centos01", "the host-name option carries the first label")
        #expect(reservations[0]["ip-address"] == nil)
        #expect(reservations[2]["ip-address"] == "192.168.1.188" && reservations[3]["ip-address"] == "192.168.1.188")
        #expect(subnet["next-server"] as? String == "192.168.1.166")
    }

    @Test func theDaemonsRefuseWhatTheyShould() throws {
        // The checks are real: a broken file fails each daemon's own test, so passing means something.
        #expect(try Daemon.check("host x { hardware ethernet 08:00:27:b2:40:3e; fixed-address 192.168.1.188 }\n", with: "isc").status != 0)
        #expect(try Daemon.check("dhcp-host=zz:00,192.168.1.188\n", with: "dnsmasq").status != 0)
        #expect(try Daemon.check("{ \"Dhcp4\": { \"subnet4\": [ { \"subnet\": \"192.168.1.0/24\", \"pools\": [ { \"pool\": \"10.0.0.1 - 10.0.0.9\" } ] } ] } }\n", with: "kea").status != 0)
    }

    @Test(arguments: DHCPSettings.Server.reserving)
    func aNICWithItsOwnAddressGetsItsOwnReservation(_ server: DHCPSettings.Server) throws {
        let own = [try MACAddress("08:00:27:b2:40:3f"): HostNetwork(interface: try IPv4Interface("192.168.1.189/24"))]
        let text = DHCPArtifacts.preview(server, settings: Self.settings(server), site: Self.site, hosts: Self.hosts, nicNetworks: own)
        switch server {
        case .isc: #expect(text.contains("hardware ethernet 08:00:27:b2:40:3f;\n  fixed-address 192.168.1.189;"))
        case .kea: #expect(text.contains(#""hw-address": "08:00:27:b2:40:3f", "ip-address": "192.168.1.189""#))
        case .dnsmasq:
            #expect(text.contains("dhcp-host=08:00:27:b2:40:3e,192.168.1.188,W2K8-WEB01\ndhcp-host=08:00:27:b2:40:3f,192.168.1.189,W2K8-WEB01\n"))
        case .proxy: Issue.record("a proxyDHCP holds no reservations")
        }
        let check = try Daemon.check(text, with: server.rawValue)
        #expect(check.status == 0, "\(check.output)")
    }

    /// A branch subnet behind a relay: its own declaration and options in each daemon, the reservation
    /// of a host there in it, and (Kea) the NICs without an address global, found through any relay.
    @Test(arguments: DHCPSettings.Server.reserving)
    func aSubnetBehindARelayGetsItsOwnDeclarationAndReservations(_ server: DHCPSettings.Server) throws {
        let own = Self.settings(server)
        let branch = DHCPSubnet(subnet: try IPv4Subnet("10.20.0.0/24"), range: try IPv4Address("10.20.0.100")...IPv4Address("10.20.0.150"),
                                routers: [try IPv4Address("10.20.0.1")], domain: "branch.example.com")
        let settings = DHCPSettings(server: server, output: own.output, subnet: own.subnet, range: own.range, routers: own.routers, dns: own.dns,
                                    domain: own.domain, leaseTime: own.leaseTime, loader: own.loader, controlSocket: own.controlSocket, relayed: [branch])
        let far = Host(name: "branch01", macs: [try MACAddress("52:54:00:20:00:21")], profile: "centos55",
                       network: HostNetwork(interface: try IPv4Interface("10.20.0.21/24")))
        let text = DHCPArtifacts.preview(server, settings: settings, site: Self.site, hosts: Self.hosts + [far])
        switch server {
        case .isc:
            #expect(text.contains("subnet 10.20.0.0 netmask 255.255.255.0 {\n  option subnet-mask 255.255.255.0;\n  option routers 10.20.0.1;\n  option domain-name \"branch.example.com\";"))
            #expect(text.contains("range 10.20.0.100 10.20.0.150;") && text.contains("hardware ethernet 52:54:00:20:00:21;\n  fixed-address 10.20.0.21;"))
        case .dnsmasq:
            #expect(text.contains("dhcp-range=set:zerotouch-2,10.20.0.100,10.20.0.150,255.255.255.0,7200\ndhcp-option=tag:zerotouch-2,option:router,10.20.0.1\n"))
            #expect(text.contains("dhcp-host=52:54:00:20:00:21,10.20.0.21,branch01"))
        case .kea:
            let json = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
            let dhcp4 = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["Dhcp4"] as? [String: Any])
            let subnets = try #require(dhcp4["subnet4"] as? [[String: Any]])
            #expect(subnets.map { $0["subnet"] as? String } == ["192.168.1.0/24", "10.20.0.0/24"] && subnets.map { $0["id"] as? Int } == [1, 2])
            #expect((subnets[1]["reservations"] as? [[String: String]])?.map { $0["ip-address"] } == ["10.20.0.21"])
            #expect((dhcp4["reservations"] as? [[String: String]])?.map { $0["hw-address"] } == ["08:00:27:4d:4d:aa"], "the NIC without an address is global")
            #expect(dhcp4["reservations-global"] as? Bool == true)
        case .proxy: Issue.record("a proxyDHCP holds no reservations")
        }
        let check = try Daemon.check(text, with: server.rawValue)
        #expect(check.status == 0, "\(check.output)")
    }

    @Test func iscStringsAreEscaped() {
        #expect(ISCDHCPConfig.quoted(#"a"b\c"#) == #""a\"b\\c""#)
    }

    static func mac(_ value: UInt64) -> MACAddress {
        MACAddress(octets: (0..<6).map { UInt8(truncatingIfNeeded: value >> UInt64(40 - 8 * $0)) })
    }

    /// The issue's scale: 10,000 hosts with 20,000 NICs, every host on one line per NIC, accepted by dhcpd.
    @Test func tenThousandHostsAndTwentyThousandNICsPassDhcpd() throws {
        let many = (0..<10_000).map { index in
            Host(name: "host\(index)", macs: [Self.mac(0x0800_2700_0000 + UInt64(index) * 2), Self.mac(0x0800_2700_0001 + UInt64(index) * 2)],
                 profile: "centos55", network: HostNetwork(interface: try! IPv4Interface(address: IPv4Address(rawValue: 0x0A00_0000 + UInt32(index) + 1), prefixLength: 16)))
        }
        let settings = DHCPSettings(server: .isc, output: "/etc/zerotouch/dhcp.conf", subnet: try IPv4Subnet("10.0.0.0/16"), range: nil)
        let text = ISCDHCPConfig.render(settings, site: Self.site, hosts: many)
        #expect(text.components(separatedBy: "hardware ethernet ").count - 1 == 20_000)
        let check = try Daemon.check(text, with: "isc")
        #expect(check.status == 0, "\(check.output.suffix(500))")
        let hostsFile = DnsmasqConfig.hostsFile(hosts: many)
        #expect(hostsFile.split(separator: "\n").count == 10_001)
        #expect(hostsFile.contains("\n08:00:27:00:00:00,08:00:27:00:00:01,10.0.0.1,host0\n"))
    }
}
