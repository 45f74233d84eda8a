import Fleet
import Foundation
import Testing

/// Reading again only the host entries an edit touched must give exactly what reading the whole file
/// gives, or decline so that the whole file is read.
struct HostReparseTests {
    static let text = FleetSnapshotTests.text + "\n"
    let directory = "/srv/zt"

    func whole(_ text: String) throws -> (config: FleetConfig, spans: HostSpans?) {
        try FleetDocument.parseWithSpans(text, file: "zerotouch.yaml", directory: directory)
    }

    func reparse(_ edited: String, from original: String = Self.text) throws -> (config: FleetConfig, spans: HostSpans)? {
        let before = try whole(original)
        return FleetDocument.reparseHosts(old: Array(original.utf8), config: before.config, spans: try #require(before.spans),
                                          new: Array(edited.utf8), file: "zerotouch.yaml", directory: directory)
    }

    @Test(arguments: [
        ("a mode", "name: esx01, profile: esx}", "name: esx01, profile: esx, mode: localboot}"),
        ("a name", "name: esx01,", "name: esx02,"),
        ("an address", "ip: 192.168.1.30/32", "ip: 192.168.1.31/32"),
        ("a per-host setting", "root_password_env: ZT_HOST_ROOT, post: [\"echo hi\"]", "post: [\"echo bye\"]"),
        ("an extra NIC's address", "'08:00:27:b2:40:3f': {ip: 192.168.1.11/24}", "'08:00:27:b2:40:3f': {ip: 192.168.1.12/24}"),
        ("a host added", "  - {mac: \"0a:00:27:00:00:02\"", "  - {mac: \"0a:00:27:00:00:09\", name: new01, profile: el9}\n  - {mac: \"0a:00:27:00:00:02\""),
        ("a host removed", "  - {mac: \"0a:00:27:00:00:02\", name: esx01, profile: esx}\n", ""),
        ("the last host's line", "profile: ovm, ip: 192.168.1.30/32, mode: disabled}", "profile: ovm, ip: 192.168.1.30/32}"),
        ("a comment between hosts", "  - {mac: \"0a:00:27:00:00:02\"", "  # the lab's ESXi\n  - {mac: \"0a:00:27:00:00:02\""),
        ("two hosts at once", "name: LEGACY, profile: xp, mode: capture, ip: 192.168.1.20/24}\n  - {mac: \"0a:00:27:00:00:02\", name: esx01,",
         "name: LEGACY, profile: xp, ip: 192.168.1.20/24}\n  - {mac: \"0a:00:27:00:00:02\", name: esx03,"),
    ] as [(String, String, String)])
    func anEditInsideHostEntriesGivesWhatAWholeReadGives(edit: String, old: String, new: String) throws {
        #expect(Self.text.contains(old), "the fixture has what \(edit) changes")
        let edited = Self.text.replacingOccurrences(of: old, with: new)
        let expected = try whole(edited)
        let result = try #require(try reparse(edited), "\(edit): read alone")
        #expect(result.config == expected.config, "\(edit)")
        #expect(result.spans == expected.spans, "\(edit): the spans a whole read finds")
    }

    @Test(arguments: [
        ("the site", "server: 192.168.1.166", "server: 192.168.1.167"),
        ("a profile", "kernel_args: \"quiet console=ttyS0\"", "kernel_args: \"quiet\""),
        ("a MAC another host has", "mac: \"0a:00:27:00:00:02\"", "mac: \"0a:00:27:00:00:01\""),
        ("a name another host has", "name: esx01,", "name: legacy,"),
        ("an address another host has", "ip: 192.168.1.30/32", "ip: 192.168.1.20/32"),
        ("a broken entry", "name: esx01, profile: esx}", "name: esx01, profile: nosuch}"),
        ("an anchor", "name: esx01, profile: esx}", "name: &n esx01, profile: esx}"),
        ("a line cut in two", "name: esx01, profile: esx}\n", "name: esx01, profile: esx}"),
        ("an entry out of the list's column", "  - {mac: \"0a:00:27:00:00:02\"", "- {mac: \"0a:00:27:00:00:02\""),
        ("a key after the hosts", "mode: disabled}\n", "mode: disabled}\nextra: 1\n"),
    ] as [(String, String, String)])
    func anythingElseIsLeftToAWholeRead(edit: String, old: String, new: String) throws {
        #expect(Self.text.contains(old), "the fixture has what \(edit) changes")
        #expect(try reparse(Self.text.replacingOccurrences(of: old, with: new)) == nil, "\(edit)")
    }

    @Test func entriesThatDoNotStartTheirOwnLinesHaveNoSpans() throws {
        let head = String(Self.text[..<Self.text.range(of: "hosts:\n")!.lowerBound])
        let flow = head + "hosts: [{mac: '0a:00:27:00:00:02', name: esx01, profile: esx}, {mac: '0a:00:27:00:00:03', name: esx02, profile: esx}]\n"
        #expect(try whole(Self.text).spans != nil)
        #expect(try whole(flow).config.hosts.count == 2 && whole(flow).spans == nil)
    }
}
