import Fleet
import Testing

struct MACAddressTests {
    @Test(arguments: ["08:00:27:b2:40:3e", "08-00-27-B2-40-3E", "0800.27b2.403e", "080027B2403E", "8:0:27:b2:40:3e", " 08:00:27:b2:40:3e"])
    func acceptsEverySpelling(_ text: String) throws {
        let mac = try MACAddress(text.trimmingPrefix(" ").description)
        #expect(mac.description == "08:00:27:b2:40:3e")
        #expect(mac.dashed == "08-00-27-b2-40-3e")
        #expect(mac.windowsSpelling == "08-00-27-B2-40-3E")
        #expect(mac.pxelinuxName == "01-08-00-27-b2-40-3e")
    }

    @Test(arguments: ["08:00:27:b2:40", "08:00:27:b2:40:3e:11", "08:00:27:zz:40:3e", "08:00-27:b2:40:3e", "0800.27b2.403", "+8:00:27:b2:40:3e",
                      "080027b2403", "", "08::27:b2:40:3e", "08-0-27-b2-40-3e"])
    func refusesMalformed(_ text: String) {
        #expect(throws: RuleViolation.self) { try MACAddress(text) }
    }

    @Test(arguments: ["01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff", "33:33:00:00:00:01", "00:00:00:00:00:00"])
    func refusesAddressesThatAreNotANIC(_ text: String) throws {
        let error = try #require(throws: RuleViolation.self) { try MACAddress(text) }
        #expect(error.rule.contains("multicast") || error.rule.contains("all-zero"))
    }
}

struct AddressTests {
    @Test func parsesCIDRAndItsSubnet() throws {
        let interface = try IPv4Interface("192.168.1.188/24")
        #expect(interface.network.description == "192.168.1.0")
        #expect(interface.netmask.description == "255.255.255.0")
        #expect(interface.hostsAddress(try IPv4Address("192.168.1.166")))
        #expect(!interface.hostsAddress(try IPv4Address("192.168.2.1")))
        #expect(!interface.hostsAddress(try IPv4Address("192.168.1.255")))
    }

    @Test(arguments: ["192.168.1.188", "192.168.1.188/33", "192.168.1.0/24", "192.168.1.255/24", "192.168.001.1/24", "300.1.1.1/8", "1.2.3.4/x"])
    func refusesBadCIDR(_ text: String) {
        #expect(throws: RuleViolation.self) { try IPv4Interface(text) }
    }

    @Test func spellsPxelinuxHex() throws {
        #expect(try IPv4Address("192.168.1.199").pxelinuxHex == "C0A801C7")
        #expect(try IPv4Address("10.0.2.15").pxelinuxHex == "0A00020F")
    }
}

struct HostNameTests {
    @Test(arguments: ["W2K8-WEB01", "DC01", "a", "FIFTEEN-CHARS-X"])
    func netbiosAccepts(_ name: String) throws {
        try HostNameRule.netbios.check(name)
    }

    @Test(arguments: ["SIXTEEN-CHARS-XX", "WEB 01", "WEB.01", "12345", "WEB*", "WEB&01", "WEB%1", "", "WEB\n01"])
    func netbiosRefuses(_ name: String) {
        #expect(throws: RuleViolation.self) { try HostNameRule.netbios.check(name) }
    }

    @Test(arguments: ["centos01", "web-01.example.com", "a"])
    func dnsAccepts(_ name: String) throws {
        try HostNameRule.dns.check(name)
    }

    @Test(arguments: ["test_pvm", "-web", "web-", "web..01", "123", String(repeating: "a", count: 64), "wéb"])
    func dnsRefuses(_ name: String) {
        #expect(throws: RuleViolation.self) { try HostNameRule.dns.check(name) }
    }

    @Test func derivesValidNames() {
        #expect(HostNameRule.dns.derived(from: "test_pvm") == "test-pvm")
        #expect(HostNameRule.dns.derived(from: "dell_optiplex_745") == "dell-optiplex-745")
        #expect(HostNameRule.netbios.derived(from: "dell_optiplex_745") == "dell-optiplex-7")
        #expect(HostNameRule.dns.derived(from: "___") == nil)
    }
}
