import Fleet
import Foundation
import Render
import Testing

struct KickstartTemplateTests {
    static let mac = try! MACAddress("08:00:27:4d:4d:aa")
    static let site = PXELinuxConfigTests.site

    static func shipped(_ name: String, filePath: String = #filePath) throws -> KickstartTemplate {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("../../Answerfiles/\(name)")
        return try KickstartTemplate(text: try String(contentsOf: url, encoding: .utf8), name: name)
    }

    static func profile(_ release: KickstartRelease) -> Profile {
        Profile(name: "rocky9", os: .kickstart, boot: .kernel(KernelBoot(kernel: try! BootPath("os/r9/vmlinuz"), initrds: [try! BootPath("os/r9/initrd.img")], release: release)))
    }

    static let staticNetwork = HostNetwork(interface: try! IPv4Interface("192.168.1.50/24"), gateway: try! IPv4Address("192.168.1.166"),
                                           dns: [try! IPv4Address("192.168.1.166"), try! IPv4Address("192.168.1.1")])

    static func model(network: HostNetwork?, profile: Profile, post: [String] = ["echo done > /root/marker", "systemctl enable --now cockpit.socket && echo ok"]) -> KickstartModel {
        let host = Fleet.Host(name: "centos01.example.com", macs: [mac], profile: profile.name, network: network)
        return KickstartModel(host: host, nic: mac, network: network, profile: profile, site: site,
                              rootPasswordHash: SHA512Crypt.hash("secret", salt: "abcdefgh"), token: "0123456789abcdef0123456789abcdef", post: post)
    }

    /// Goldens checked by eye against FORMATS.md §8 and the RHEL/ESXi kickstart references.
    @Test(arguments: [("el7-el9.ks", KickstartRelease.el9, true, "ks-el9-static"), ("el7-el9.ks", .el8, false, "ks-el8-dhcp"),
                      ("el5-el6.ks", .el5, true, "ks-el5-static"), ("esxi.ks", .el9, true, "ks-esxi")])
    func shippedTemplatesMatchGolden(_ file: String, _ release: KickstartRelease, _ isStatic: Bool, _ golden: String) throws {
        let text = try Self.shipped(file).render(Self.model(network: isStatic ? Self.staticNetwork : nil, profile: Self.profile(release)))
        try PXELinuxConfigTests.expect(text, golden: golden)
        #expect(text.contains("Authorization: Bearer 0123456789abcdef0123456789abcdef"))
        #expect(text.contains("http://192.168.1.166:8069/api/v1/hosts/08-00-27-4d-4d-aa/events"))
        #expect(text.contains("rootpw --iscrypted $6$abcdefgh$"))
        #expect(text.contains("systemctl enable --now cockpit.socket && echo ok"), "post actions are never HTML-escaped")
        #expect(!text.contains("{{") && !text.contains("&amp;"))
        if isStatic && file != "esxi.ks" {
            #expect(text.contains("network --device=08:00:27:4d:4d:aa --bootproto=static --ip=192.168.1.50 --netmask=255.255.255.0 --gateway=192.168.1.166 --nameserver=192.168.1.166,192.168.1.1 --hostname=centos01"))
        }
    }

    /// pykickstart's ksvalidator (from PyPI, in the venv Scripts/setup test makes) accepts each EL render.
    @Test(arguments: [("el7-el9.ks", KickstartRelease.el9, "RHEL9"), ("el7-el9.ks", .el7, "RHEL7"), ("el5-el6.ks", .el6, "RHEL6"), ("el5-el6.ks", .el5, "RHEL5")])
    func ksvalidatorAcceptsTheRenderedKickstarts(_ file: String, _ release: KickstartRelease, _ version: String) throws {
        for network in [Self.staticNetwork, nil] {
            let text = try Self.shipped(file).render(Self.model(network: network, profile: Self.profile(release)))
            let result = try Self.ksvalidator(text, version: version)
            #expect(result.status == 0, "\(version): \(result.output)")
        }
        #expect(try Self.ksvalidator("bogus --option\n", version: version).status != 0, "the validator refuses what it should")
    }

    static func ksvalidator(_ text: String, version: String, filePath: String = #filePath) throws -> Daemon.Result {
        let tool = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("../../.build/tools/bin/ksvalidator").standardized.path
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            Issue.record("ksvalidator is not installed; run Scripts/setup test (it makes a venv with pykickstart under .build/tools)")
            return Daemon.Result(status: -1, stdout: "", stderr: "")
        }
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("zt-\(UUID().uuidString).ks")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try Daemon.run(tool, ["-e", "-v", version, file.path])
    }

    @Test(arguments: [
        ("text\n{{host.nmae}}\n", "t.ks:2: 'host.nmae' is not a variable ZeroTouch provides"),
        ("{{#post}}\n{{.}}\n{{/post}}\n{{.}}\n", "t.ks:4: '{{.}}' is only meaningful inside a list section"),
        ("{{> partial}}\n", "t.ks:1: '{{> partial}}' uses a Mustache feature"),
        ("a\nb {{host.name\n", "t.ks:2: a tag opened with '{{' is never closed"),
        ("{{#host.static}}\nx\n{{/host.name}}\n", "t.ks:3: '{{/host.name}}' closes a section that is not open here"),
        ("a\n{{#host.static}}\nx\n", "t.ks:2: section '{{#host.static}}' is never closed"),
    ])
    func refusesTemplatesThatWouldRenderBlanks(_ text: String, _ message: String) {
        #expect { try KickstartTemplate(text: text, name: "t.ks") } throws: { "\($0)".contains(message) }
    }

    /// The Mustache rules ZeroTouch templates rely on: standalone section and comment lines vanish
    /// whole, inline sections keep their line, lists repeat with `{{.}}`, nothing is escaped.
    @Test func sectionsListsAndStandaloneLines() throws {
        let text = """
            a
              {{#host.static}}
            ip={{host.ip}}{{#host.gateway}} gw={{host.gateway}}{{/host.gateway}}
              {{/host.static}}
            {{^host.static}}dhcp{{/host.static}}
            {{#post}}
            - {{.}}
            {{/post}}
            {{! a comment
                over two lines }}
            end {{{host.name}}} {{&host.mac}} {{^root_password_hash}}locked{{/root_password_hash}}

            """
        let template = try KickstartTemplate(text: text, name: "t.ks")
        let profile = Self.profile(.el9)
        #expect(template.render(Self.model(network: Self.staticNetwork, profile: profile, post: ["x && y", "<z>"])) == """
            a
            ip=192.168.1.50 gw=192.168.1.166

            - x && y
            - <z>
            end centos01.example.com 08:00:27:4d:4d:aa 

            """)
        #expect(template.render(Self.model(network: nil, profile: profile, post: [])) == """
            a
            dhcp
            end centos01.example.com 08:00:27:4d:4d:aa 

            """)
    }
}
