import Foundation
import TestSupport
import Testing

/// `apply` and `plan` through the binary: what they write, what they refuse, and that a refusal writes nothing.
struct ApplyCommandTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    @Test func applyWritesEveryEntryAndARerunWritesNothing() throws {
        try write(Self.site + Self.hosts)
        let first = try run("apply")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("hosts 3 added"))
        #expect(file("out/tftpboot/pxelinux.cfg/01-08-00-27-b2-40-3e")?.contains("KERNEL memdisk\n  INITRD winpe_amd64.iso\n  APPEND iso raw") == true)
        #expect(file("out/tftpboot/pxelinux.cfg/01-08-00-27-4d-4d-aa")?.contains("APPEND ks=http://192.168.1.166:8069/ks/08-00-27-4d-4d-aa.ks") == true)
        #expect(file("out/tftpboot/pxelinux.cfg/01-00-19-b9-41-2c-b9")?.contains("LOCALBOOT 0") == true)
        #expect(file("out/tftpboot/pxelinux.cfg/default")?.contains("LOCALBOOT 0") == true)
        #expect(first.stderr.contains("winpe_amd64.iso is not in the TFTP root"))

        let before = try snapshot()
        Thread.sleep(forTimeInterval: 0.02)
        let second = try run("apply")
        #expect(second.status == 0)
        #expect(second.stdout.contains("nothing to change"))
        #expect(try snapshot() == before, "a re-run with nothing changed must not write any file")
    }

    @Test func planWritesNothing() throws {
        try write(Self.site + Self.hosts)
        let result = try run("plan", "--json")
        #expect(result.status == 0)
        let plan = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect((plan["hosts"] as! [Any]).count == 3)
        #expect(!exists(".zerotouch") && !exists("out"))
    }

    @Test func removingAHostFromTheFileRemovesItsFiles() throws {
        try write(Self.site + Self.hosts)
        try run("apply")
        try write(Self.site + Self.hosts.split(separator: "\n").dropLast().joined(separator: "\n") + "\n")
        let result = try run("apply")
        #expect(result.stdout.contains("- host dell-745"))
        #expect(result.stdout.contains("- delete tftp: pxelinux.cfg/01-00-19-b9-41-2c-b9"))
        #expect(!exists("out/tftpboot/pxelinux.cfg/01-00-19-b9-41-2c-b9"))
    }

    @Test func neverOverwritesFilesItDidNotWriteUnlessAdopted() throws {
        try write(Self.site + Self.hosts)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out/tftpboot/pxelinux.cfg"), withIntermediateDirectories: true)
        try write("DEFAULT operator\n", to: "out/tftpboot/pxelinux.cfg/default")
        let refused = try run("apply")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("refusing to overwrite 1 file(s)") && refused.stderr.contains("pxelinux.cfg/default"))
        #expect(file("out/tftpboot/pxelinux.cfg/default") == "DEFAULT operator\n")
        #expect(!exists(".zerotouch") && !exists("out/tftpboot/pxelinux.0"))
        let adopted = try run("apply", "--adopt")
        #expect(adopted.status == 0)
        #expect(file("out/tftpboot/pxelinux.cfg/default")?.contains("LOCALBOOT 0") == true)
    }

    /// Each class of bad input: exit 2, a message naming field, value and rule, and nothing written.
    @Test(arguments: [
        ("  - {mac: '08:00:27:zz:40:3e', name: a1, profile: centos55}\n", "hosts[0].mac: '08:00:27:zz:40:3e' is not a MAC address"),
        ("  - {mac: 'ff:ff:ff:ff:ff:ff', name: a1, profile: centos55}\n", "multicast or broadcast"),
        ("  - {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55}\n  - {mac: '0800.27B2.403E', name: a2, profile: centos55}\n", "already used by hosts[0].mac"),
        ("  - {mac: '08:00:27:b2:40:3e', name: a1, profile: nosuch}\n", "hosts[0].profile: 'nosuch' is not a profile"),
        ("  - {mac: '08:00:27:b2:40:3e', name: TOO-LONG-FOR-NETBIOS, profile: w2k8r2}\n", "hosts[0].name: 'TOO-LONG-FOR-NETBIOS' is 20 bytes, over 15"),
        ("  - {mac: '08:00:27:b2:40:3e', name: bad_name, profile: centos55}\n", "hosts[0].name: 'bad_name'"),
        ("  - {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55, ip: 10.0.0.300/24}\n", "hosts[0].ip: '10.0.0.300/24'"),
        ("  - {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55, ip: 10.0.0.3/24, gateway: 10.0.1.1}\n", "outside the host's subnet"),
        ("  - {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55, macaddress: x}\n", "hosts[0].macaddress: 'macaddress' is not a known key here"),
    ] as [(String, String)])
    func badHostsAreRefusedAndNothingIsWritten(_ hosts: String, message: String) throws {
        try write(Self.site + hosts)
        let result = try run("apply")
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("zerotouch.yaml:"))
        #expect(!exists(".zerotouch") && !exists("out"))
    }

    @Test(arguments: [
        ("os: beos", "is not one of: windows, windows-legacy, kickstart, esxi, xen, local"),
        ("iso: ../winpe.iso", "leaves the boot tree"),
    ] as [(String, String)])
    func badProfilesAreRefusedAndNothingIsWritten(_ replacement: String, message: String) throws {
        let text = Self.site.replacingOccurrences(of: replacement.hasPrefix("os") ? "os: windows" : "iso: winpe_amd64.iso", with: replacement)
        try write(text + Self.hosts)
        let result = try run("apply")
        #expect(result.status == 2 && result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(!exists(".zerotouch") && !exists("out"))
    }

    @Test func badInputAfterAnApplyLeavesTheInventoryAndFilesAsTheyWere() throws {
        try write(Self.site + Self.hosts)
        try run("apply")
        let before = try snapshot()
        try write(Self.site + Self.hosts + "  - {mac: '08:00:27:b2:40:3e', name: dup, profile: centos55}\n")
        let result = try run("apply")
        #expect(result.status == 2 && result.stderr.contains("already used by hosts[0].mac"))
        var after = try snapshot()
        after[folder.appendingPathComponent("zerotouch.yaml").path] = before[folder.appendingPathComponent("zerotouch.yaml").path]
        #expect(after == before)
    }

    @Test(arguments: [("", "is empty"), ("site: [", "is not valid YAML")] as [(String, String)])
    func emptyOrBrokenFilesAreRefused(_ text: String, message: String) throws {
        try write(text)
        let result = try run("apply")
        #expect(result.status == 2 && result.stderr.contains(message))
        #expect(!exists(".zerotouch"))
    }

    @Test func missingFileIsRefused() throws {
        let result = try run("apply", "-c", "nowhere.yaml")
        #expect(result.status == 2 && result.stderr.contains("'nowhere.yaml' cannot be read: no such file"))
    }
}
