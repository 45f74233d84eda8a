import Fleet
import Foundation
@testable import Importers
import Testing

struct ISCConfigReaderTests {
    /// Seed 003's dhcpd.conf, as printed there.
    /// Seed 003's dhcpd.conf, kept as an example beside the example fleet.
    static let seed = try! String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Scripts/example/dhcpd.conf"), encoding: .utf8)

    @Test func readsSeed003() throws {
        let reader = ISCConfigReader(parsing: Self.seed, file: "dhcpd.conf")
        #expect(reader.issues.isEmpty && !reader.fatal)
        #expect(reader.declarations.map(\.name) == ["test_pvm", "test_hvm", "dell_optiplex_745"])
        let first = reader.declarations[0]
        #expect(first.line == 20)
        #expect(first.macs == [try MACAddress("00:16:3e:72:79:e3")])
        #expect(first.subnet?.description == "192.168.1.199/24")
        #expect(first.routers.map(\.description) == ["192.168.1.166"])
        #expect(first.dns.map(\.description) == ["192.168.1.166"])
    }

    @Test func hostsOutsideTheirSubnetBlockInheritItByAddressAndTheirOwnOptionsWin() throws {
        let text = """
            option domain-name-servers 10.0.0.53;
            host web { # a comment { with braces }
              hardware ethernet 08:00:27:b2:40:3e;
              fixed-address 10.1.2.3;
              option host-name "web01";
              option routers 10.1.0.254;
            }
            shared-network lab { subnet 10.1.0.0 netmask 255.255.0.0 { } }
            """
        let reader = ISCConfigReader(parsing: text, file: "d.conf")
        #expect(reader.issues.isEmpty)
        let web = try #require(reader.declarations.first)
        #expect(web.hostName == "web01")
        #expect(web.subnet?.description == "10.1.2.3/16")
        #expect(web.routers.map(\.description) == ["10.1.0.254"] && web.dns.map(\.description) == ["10.0.0.53"])
    }

    @Test(arguments: [
        ("host a {\n  hardware ethernet 08:00:27:b2:40:3e\n  fixed-address 10.0.0.1;\n}\n", 2, "hardware ethernet", false),
        ("host a { hardware ethernet 08:00:27:b2:40:3e; fixed-address web.example.com; }\n", 1, "fixed-address", false),
        ("host a { fixed-address 10.0.0.1; }\n", 1, "host a", false),
        ("host a { hardware ethernet 08:00:27:b2:40:3e; }\n}\n", 2, "file", true),
        ("group {\nhost a { hardware ethernet 08:00:27:b2:40:3e; }\n", 1, "group", true),
        ("host a { option host-name \"web\n01\"; }\n", 1, "file", true),
    ])
    func reportsWhatItCannotReadWithTheLine(_ text: String, _ line: Int, _ field: String, _ fatal: Bool) {
        let reader = ISCConfigReader(parsing: text, file: "d.conf")
        #expect(reader.issues.contains { $0.location == "d.conf:\(line)" && $0.field == field }, "\(reader.issues)")
        #expect(reader.fatal == fatal)
        if !fatal { #expect(reader.declarations.isEmpty, "a broken host block is not imported") }
    }
}
