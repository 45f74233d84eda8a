import Foundation
import TestSupport
import Testing

/// Runs the built `zerotouch` binary in a fresh folder per test and checks stdout, stderr, the exit
/// code and the files it left. The folder goes with the test.
struct CLITests {
    let scratch: TemporaryFolder
    let folder: URL

    init() throws {
        scratch = try TemporaryFolder("cli")
        folder = scratch.url.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Where this test's runs keep their fleet snapshots: beside its folder, not in it.
    var cache: String { scratch.path + "/cache" }

    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["ZEROTOUCH_BIN"] { return URL(fileURLWithPath: path) }
        // The test runner sits beside the products in .build/<configuration>/.
        var url = Bundle.main.bundleURL
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("zerotouch").path) {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("zerotouch")
    }()

    typealias Result = ProcessResult

    @discardableResult
    func run(_ arguments: String...) throws -> Result {
        try run(arguments)
    }

    /// `environment` is added to this process's environment for the child only.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        // Fleet snapshots go beside the test's folder, not into the user's cache or the folder itself.
        try ProcessRunner.run(Self.binary.path, arguments, environment: ["ZEROTOUCH_CACHE_DIR": cache].merging(environment) { $1 }, directory: folder)
    }

    static let site = """
        site:
          server: 192.168.1.166
          http_port: 8069
          state: .zerotouch
          tftp_root: out/tftpboot
          http_root: out/http
          share: {target: out/share, unc: '\\\\pxe-server\\windows-media'}
        profiles:
          w2k8r2:   {os: windows, arch: amd64, firmware: bios, winpe: {boot: memdisk, iso: winpe_amd64.iso}, image: {wim: images/w2k8r2.wim, index: 1}}
          centos55: {os: kickstart, release: el5, kernel: os/centos-5.5-i386/vmlinuz, initrd: os/centos-5.5-i386/initrd.img}
          ovm22:    {os: xen, hypervisor: ovm/2.2/xen-64bit-3.4.0.gz, hypervisor_args: noreboot, kernel: ovm/2.2/vmlinuz, kernel_args: "ro root=LABEL=/", initrd: ovm/2.2/initrd.img}
        hosts:

        """
    static let hosts = """
          - {mac: "08:00:27:b2:40:3e", name: W2K8-WEB01, profile: w2k8r2, ip: 192.168.1.188/24, gateway: 192.168.1.166, dns: [192.168.1.166]}
          - {mac: "08-00-27-4D-4D-AA", name: centos01, profile: centos55}
          - {mac: "00:19:b9:41:2c:b9", name: dell-745, profile: ovm22, mode: localboot}

        """

    func write(_ text: String, to name: String = "zerotouch.yaml") throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func file(_ path: String) -> String? {
        try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path)
    }

    /// Every file under the test folder with its modification time, to prove what a run did not touch.
    /// The inventory database is included; SQLite's `-shm` and `-wal` companions (and so the mtime of
    /// the folder that holds them) are not: any reader of a WAL database maps the `-shm` index.
    func snapshot() throws -> [String: Date] {
        var result: [String: Date] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])!
        for case let url as URL in enumerator where !url.path.hasSuffix("-shm") && !url.path.hasSuffix("-wal") && !url.path.hasSuffix("/.zerotouch") {
            result[url.path] = try url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
        }
        return result
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

    @Test func hostCommandsPublishAtOnce() throws {
        try write(Self.site + Self.hosts)
        try run("apply")
        let added = try run("host", "add", "--mac", "52-54-00-12-34-56", "--mac", "52:54:00:12:34:57", "--name", "rocky01", "--profile", "centos55",
                            "--ip", "192.168.1.190/24", "--gateway", "192.168.1.166")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(file("out/tftpboot/pxelinux.cfg/01-52-54-00-12-34-56")?.contains("KERNEL os/centos-5.5-i386/vmlinuz") == true)
        #expect(exists("out/tftpboot/pxelinux.cfg/01-52-54-00-12-34-57"))

        let moded = try run("host", "mode", "52:54:00:12:34:57", "localboot")
        #expect(moded.status == 0 && moded.stdout.contains("rocky01: mode localboot, state idle"))
        #expect(file("out/tftpboot/pxelinux.cfg/01-52-54-00-12-34-56")?.contains("LOCALBOOT 0") == true)

        let list = try run("host", "list", "--json")
        let hosts = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as! [[String: Any]]
        #expect(hosts.count == 4)
        let rocky = try #require(hosts.first { $0["name"] as? String == "rocky01" })
        #expect(rocky["mode"] as? String == "localboot" && rocky["origin"] as? String == "cli")
        #expect(rocky["macs"] as? [String] == ["52:54:00:12:34:56", "52:54:00:12:34:57"])

        let show = try run("host", "show", "525400123456", "--json")
        let view = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as! [String: Any]
        #expect((view["events"] as! [[String: Any]]).map { $0["kind"] as! String } == ["registered", "mode"])

        // An apply leaves the command-line host alone.
        #expect(try run("apply").stdout.contains("nothing to change"))

        let removed = try run("host", "rm", "52:54:00:12:34:56")
        #expect(removed.status == 0)
        #expect(!exists("out/tftpboot/pxelinux.cfg/01-52-54-00-12-34-56") && !exists("out/tftpboot/pxelinux.cfg/01-52-54-00-12-34-57"))
    }

    @Test func modeSetFromTheCommandLineHoldsUntilTheFileChangesIt() throws {
        try write(Self.site + Self.hosts)
        try run("apply")
        #expect(try run("host", "mode", "08:00:27:b2:40:3e", "localboot").status == 0)
        #expect(try run("apply").stdout.contains("nothing to change"))
        #expect(file("out/tftpboot/pxelinux.cfg/01-08-00-27-b2-40-3e")?.contains("LOCALBOOT 0") == true)
        try write(Self.site + Self.hosts.replacingOccurrences(of: "profile: w2k8r2,", with: "profile: w2k8r2, mode: disabled,"))
        let result = try run("apply")
        #expect(result.stdout.contains("mode localboot -> disabled"))
        #expect(!exists("out/tftpboot/pxelinux.cfg/01-08-00-27-b2-40-3e"))
    }

    @Test func hostCommandsRefuseBadInputAndWriteNothing() throws {
        try write(Self.site + Self.hosts)
        try run("apply")
        let before = try snapshot()
        let clash = try run("host", "add", "--mac", "08:00:27:B2:40:3E", "--name", "other", "--profile", "centos55")
        #expect(clash.status == 2 && clash.stderr.contains("--mac: '08:00:27:b2:40:3e' is 08:00:27:b2:40:3e, already used by hosts[0]"))
        let badName = try run("host", "add", "--mac", "08:00:27:00:00:10", "--name", "WAY-TOO-LONG-NAME", "--profile", "w2k8r2")
        #expect(badName.status == 2 && badName.stderr.contains("--name: 'WAY-TOO-LONG-NAME' is 17 bytes, over 15"))
        let badMAC = try run("host", "mode", "zz:00:27:00:00:10", "install")
        #expect(badMAC.status != 0 && badMAC.stderr.contains("is not a MAC address"))
        let fileHost = try run("host", "rm", "08:00:27:b2:40:3e")
        #expect(fileHost.status == 1 && fileHost.stderr.contains("is declared in"))
        #expect(try snapshot() == before)
    }

    @Test func importsAHostOSMapping() throws {
        try write(Self.site)
        try write("""
            # Mac os (seed 004)
            08:00:27:4d:4d:aa, centos-5.5-i386
            08:00:27:b2:40:3e, windows-2008r2-x64, W2K8-WEB01
            """, to: "host-os.conf")
        let result = try run("import", "host-os", "host-os.conf", "--profile-map", "centos-5.5-i386=centos55", "--profile-map", "windows-2008r2-x64=w2k8r2")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("added zt-0800274d4daa (08:00:27:4d:4d:aa), profile centos55"))
        #expect(exists("out/tftpboot/pxelinux.cfg/01-08-00-27-b2-40-3e"))
        let again = try run("import", "host-os", "host-os.conf", "--profile", "centos55")
        #expect(again.stdout.contains("0 host(s) imported, 2 skipped"))
    }

    @Test func importWithAnUnmappedOSWritesNothing() throws {
        try write(Self.site)
        try write("08:00:27:4d:4d:aa, centos-5.5-i386\nnot-a-mac, x\n", to: "host-os.conf")
        let result = try run("import", "host-os", "host-os.conf")
        #expect(result.status == 2)
        #expect(result.stderr.contains("host-os.conf:2: mac: 'not-a-mac' is not a MAC address"))
        #expect(!exists(".zerotouch") && !exists("out"))
    }

    @Test func rendersOneArtifactToStdout() throws {
        try write(Self.site + Self.hosts)
        let result = try run("render", "08-00-27-4D-4D-AA", "--artifact", "pxelinux")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("# ZeroTouch: centos01 (08:00:27:4d:4d:aa)"))
        #expect(!exists(".zerotouch"))
    }

    @Test func helpExplainsTheCommands() throws {
        let help = try run("--help")
        for command in ["apply", "plan", "host", "import", "render"] { #expect(help.stdout.contains(command)) }
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }
}
