@testable import Fleet
import Testing

struct DHCPSettingsTests {
    static func site(_ dhcp: String) -> String {
        FleetDocumentTests.site.replacingOccurrences(of: "  http_root: out/http\n", with: "  http_root: out/http\n  dhcp:\n" + dhcp)
    }

    static let dnsmasq = """
            server: dnsmasq
            output: out/dhcp/zerotouch.conf
            subnet: 192.168.1.0/24
            range: 192.168.1.200-192.168.1.250
            routers: [192.168.1.166]
            boot: ipxe
            pid_file: /run/dnsmasq/dnsmasq.pid

        """

    @Test func readsTheSettingsWithDefaults() throws {
        let fleet = try FleetDocumentTests.parse("", site: Self.site(Self.dnsmasq))
        let dhcp = try #require(fleet.site.dhcp)
        #expect(dhcp.server == .dnsmasq && dhcp.loader == .ipxe && dhcp.leaseTime == 3600)
        #expect(dhcp.output == "/etc/zt/out/dhcp/zerotouch.conf")
        #expect(dhcp.hostsFile == "/etc/zt/out/dhcp/zerotouch.hosts", "the hosts file sits beside the snippet")
        #expect(dhcp.range?.lowerBound.description == "192.168.1.200")
        #expect(dhcp.pidFile == "/run/dnsmasq/dnsmasq.pid")
    }

    /// Bad settings: each names the field, the value and the rule.
    @Test(arguments: [
        ("server: bind\n", "site.dhcp.server", "is not one of: isc, dnsmasq, kea"),
        ("server: isc\noutput: o\nsubnet: 192.168.1.5/24\n", "site.dhcp.subnet", "host bits set"),
        ("server: isc\noutput: o\nsubnet: 192.168.1.0/24\nrange: 192.168.2.1-192.168.2.9\n", "site.dhcp.range", "is not inside site.dhcp.subnet"),
        ("server: isc\noutput: o\nsubnet: 192.168.1.0/24\nrange: 192.168.1.9-192.168.1.1\n", "site.dhcp.range", "starts after it ends"),
        ("server: isc\noutput: o\nsubnet: 192.168.1.0/24\nrouters: [10.0.0.1]\n", "site.dhcp.routers", "is outside site.dhcp.subnet"),
        ("server: isc\noutput: o\nsubnet: 192.168.1.0/24\npid_file: /run/x.pid\n", "site.dhcp.pid_file", "applies to server dnsmasq only"),
        ("server: proxy\noutput: o\nsubnet: 192.168.1.0/24\nrange: 192.168.1.200-192.168.1.250\n", "site.dhcp.range", "applies to server isc, dnsmasq, kea only, not proxy"),
        ("server: kea\noutput: o\nsubnet: 192.168.1.0/24\nlease_time: 5\n", "site.dhcp.lease_time", "60 to"),
        ("server: kea\noutput: ../o\nsubnet: 192.168.1.0/24\n", "site.dhcp.output", "'..'"),
        ("server: kea\noutput: o\nsubnet: 192.168.1.0/24\nrelay: yes\n", "site.dhcp.relay", "is not a known key here"),
        ("server: isc\nsubnet: 192.168.1.0/24\n", "site.dhcp.output", "is required"),
        ("server: isc\noutput: o\nsubnet: 192.168.1.0/24\nhttp_boot: maybe\n", "site.dhcp.http_boot", "is not true or false"),
        ("server: isc\noutput: o\nsubnet: 192.168.1.0/24\nsubnets: [{subnet: 192.168.0.0/16}]\n", "site.dhcp.subnets[0].subnet", "overlaps 192.168.1.0/24"),
        ("server: isc\noutput: o\nsubnet: 192.168.1.0/24\nsubnets: [{subnet: 10.1.0.0/24, routers: [10.2.0.1]}]\n", "site.dhcp.subnets[0].routers", "is outside site.dhcp.subnets[0].subnet 10.1.0.0/24"),
        ("server: isc\noutput: o\nsubnet: 192.168.1.0/24\nsubnets: [{subnet: 10.1.0.0/24, range: 10.1.1.5-10.1.1.9}]\n", "site.dhcp.subnets[0].range", "is not inside site.dhcp.subnets[0].subnet"),
        ("server: isc\noutput: o\nsubnet: 192.168.1.0/24\nsubnets: [{range: 10.1.1.5-10.1.1.9}]\n", "site.dhcp.subnets[0].subnet", "is required"),
        ("server: isc\noutput: o\nsubnet: 192.168.1.0/24\nsubnets: [{subnet: 10.1.0.0/24, gateway: 10.1.0.1}]\n", "site.dhcp.subnets[0].gateway", "is not a known key here"),
        ("server: proxy\noutput: o\nsubnet: 192.168.1.0/24\nsubnets: [{subnet: 10.1.0.0/24}]\n", "site.dhcp.subnets", "applies to server isc, dnsmasq, kea only"),
    ])
    func refusesBadSettings(_ dhcp: String, _ field: String, _ rule: String) {
        let indented = dhcp.split(separator: "\n").map { "    " + $0 + "\n" }.joined()
        let issues = FleetDocumentTests.issues("", site: Self.site(indented))
        #expect(issues.contains { $0.field == field && $0.rule.contains(rule) && $0.location != nil }, "\(issues)")
    }

    /// The reservation rules, with the line of the offending host.
    @Test(arguments: [
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55, ip: 10.0.0.5/24}", "hosts[0].ip", "is outside site.dhcp.subnet 192.168.1.0/24"),
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55, ip: 192.168.1.210/24}", "hosts[0].ip", "is inside the dynamic range 192.168.1.200-192.168.1.250"),
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55, ip: 192.168.1.10/24}\n- {mac: '08:00:27:b2:40:3f', name: a2, profile: centos55, ip: 192.168.1.10/24}",
         "hosts[1].ip", "is already reserved for a1"),
        ("- {mac: '08:00:27:b2:40:3e', name: WEB_01, profile: w2k8r2}", "hosts[0].name", "cannot be sent in the DHCP host-name option"),
    ])
    func refusesReservationsTheServerCannotHonour(_ hosts: String, _ field: String, _ rule: String) {
        let issues = FleetDocumentTests.issues(hosts, site: Self.site(Self.dnsmasq))
        #expect(issues.contains { $0.field == field && $0.rule.contains(rule) && $0.location?.hasPrefix("zerotouch.yaml:") == true }, "\(issues)")
    }

    @Test func hostsArePlacedInTheSubnetThatHoldsTheirAddress() throws {
        let site = Self.site(Self.dnsmasq + "    subnets: [{subnet: 10.20.0.0/24, range: 10.20.0.100-10.20.0.150, routers: [10.20.0.1]}]\n")
        let fleet = try FleetDocumentTests.parse("- {mac: '08:00:27:b2:40:3e', name: far01, profile: centos55, ip: 10.20.0.21/24}", site: site)
        #expect(fleet.site.dhcp?.subnet(holding: try IPv4Address("10.20.0.21"))?.routers.map(\.description) == ["10.20.0.1"])
        let outside = FleetDocumentTests.issues("- {mac: '08:00:27:b2:40:3e', name: far01, profile: centos55, ip: 10.30.0.21/24}", site: site)
        #expect(outside.contains { $0.field == "hosts[0].ip" && $0.rule.contains("is outside every subnet of site.dhcp (192.168.1.0/24, 10.20.0.0/24)") }, "\(outside)")
        let inRange = FleetDocumentTests.issues("- {mac: '08:00:27:b2:40:3e', name: far01, profile: centos55, ip: 10.20.0.120/24}", site: site)
        #expect(inRange.contains { $0.rule.contains("is inside the dynamic range 10.20.0.100-10.20.0.150 of 10.20.0.0/24") }, "\(inRange)")
    }

    @Test func aWindowsNameWithUnderscoreIsFineWithoutDHCP() throws {
        let fleet = try FleetDocumentTests.parse("- {mac: '08:00:27:b2:40:3e', name: WEB_01, profile: w2k8r2}")
        #expect(fleet.hosts.count == 1)
    }

    @Test func extraNICsMayHaveTheirOwnAddresses() throws {
        let fleet = try FleetDocumentTests.parse("""
              - {mac: '08:00:27:b2:40:3e', extra_macs: ['08-00-27-B2-40-3F'], name: WEB01, profile: w2k8r2, ip: 192.168.1.10/24,
                 nic_addresses: {'08:00:27:b2:40:3f': {ip: 192.168.1.11/24, gateway: 192.168.1.166, dns: [192.168.1.166]}}}
            """, site: Self.site(Self.dnsmasq))
        let networks = fleet.networks(of: fleet.hosts[0])
        #expect(networks.map(\.mac.description) == ["08:00:27:b2:40:3e", "08:00:27:b2:40:3f"])
        #expect(networks[1].network.interface.description == "192.168.1.11/24" && networks[1].network.gateway?.description == "192.168.1.166")
    }

    @Test(arguments: [
        ("nic_addresses: {'08:00:27:00:00:99': {ip: 192.168.1.11/24}}", "hosts[0].nic_addresses", "is not one of this host's extra_macs"),
        ("nic_addresses: {'08:00:27:b2:40:3f': {gateway: 192.168.1.1}}", "hosts[0].nic_addresses.08:00:27:b2:40:3f.ip", "is required"),
        ("nic_addresses: {'08:00:27:b2:40:3f': {ip: 192.168.1.11/24, gateway: 10.0.0.1}}", "hosts[0].nic_addresses.08:00:27:b2:40:3f.gateway", "is not a neighbour"),
        ("nic_addresses: {'08:00:27:b2:40:3f': {ip: 192.168.1.220/24}}", "hosts[0].nic_addresses.08:00:27:b2:40:3f.ip", "is inside the dynamic range"),
        ("nic_addresses: {'08:00:27:b2:40:3f': {ip: 192.168.1.50/24}}", "hosts[0].nic_addresses.08:00:27:b2:40:3f.ip", "is already reserved for other"),
    ])
    func refusesBadNICAddresses(_ nics: String, _ field: String, _ rule: String) {
        let issues = FleetDocumentTests.issues("""
              - {mac: '08:00:27:00:00:01', name: other, profile: centos55, ip: 192.168.1.50/24}
              - {mac: '08:00:27:b2:40:3e', extra_macs: ['08:00:27:b2:40:3f'], name: WEB01, profile: w2k8r2, \(nics)}
            """.replacingOccurrences(of: "hosts[0]", with: "hosts[1]"), site: Self.site(Self.dnsmasq))
        let expected = field.replacingOccurrences(of: "hosts[0]", with: "hosts[1]")
        #expect(issues.contains { $0.field == expected && $0.rule.contains(rule) }, "\(issues)")
    }
}
