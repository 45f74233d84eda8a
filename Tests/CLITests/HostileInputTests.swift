import Foundation
import Testing

/// What a hostile or unlucky machine does to a run: links inside the roots, a run killed mid-write.
struct RootLinkTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    @Test(arguments: [
        ("out/tftpboot/pxelinux.cfg", "../../elsewhere", "out/tftpboot/pxelinux.cfg is a symbolic link"),
        ("out/http/ks", "../../elsewhere", "out/http/ks is a symbolic link"),
        ("out/tftpboot", "../elsewhere", nil),
    ] as [(String, String, String?)])
    func applyNeverWritesThroughALinkInsideARoot(_ link: String, _ destination: String, _ refusal: String?) throws {
        try write(Self.site + Self.hosts)
        let manager = FileManager.default
        try manager.createDirectory(at: folder.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.appendingPathComponent(link).deletingLastPathComponent(), withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent(link).path, withDestinationPath: destination)
        let applied = try run("apply")
        let written = try manager.contentsOfDirectory(atPath: folder.appendingPathComponent("elsewhere").path)
        guard let refusal else {
            // The root itself may be a link: where the roots live is the administrator's choice.
            #expect(applied.status == 0 && written.contains("pxelinux.cfg"), "\(applied.stderr)")
            return
        }
        #expect(applied.status == 1 && applied.stderr.contains(refusal) && applied.stderr.contains("without following one"), "\(applied.stderr)")
        #expect(written.isEmpty, "nothing is written through the link: \(written)")
        #expect(!exists(".zerotouch/inventory.sqlite"), "nor anywhere else: the refusal comes before the inventory is written")
        #expect(try run("plan").status == 1, "plan reads beneath the roots the same way")
    }
}

struct KilledRunTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    /// A fleet of `count` kickstart hosts, for runs long enough to be interrupted.
    static func kickstartFleet(_ count: Int) -> String {
        site + (0..<count).map { index in
            let mac = String(format: "52:54:00:%02x:%02x:%02x", (index >> 16) & 0xff, (index >> 8) & 0xff, index & 0xff)
            return "  - {mac: '\(mac)', name: ks\(index), profile: centos55}\n"
        }.joined()
    }

    /// The temporary files under `root` (relative to the test folder).
    func temporaryFiles(under root: String = "out") -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.appendingPathComponent(root).path)
        return (enumerator?.allObjects as? [String] ?? []).filter { ($0 as NSString).lastPathComponent.contains(".zt-") }
    }

    /// Runs `apply`, stops it at random moments until one catches a file between its creation and
    /// its rename under `root`, and kills it there (SIGKILL), as a power cut would. The files left.
    /// A share's server may still finish a rename the client had sent before it stopped: then nothing
    /// is left, and the next attempt (an apply that goes on where the killed one was) tries again.
    func applyKilledMidWrite(under root: String, environment: [String: String] = [:]) throws -> [String] {
        for _ in 0..<5 {
            let caught = try killOneApplyMidWrite(under: root, environment: environment)
            guard !caught.isEmpty else { continue }
            // What the server was still doing when the client died is done by now.
            Thread.sleep(forTimeInterval: 0.3)
            let left = temporaryFiles(under: root)
            if !left.isEmpty { return left }
        }
        return []
    }

    func killOneApplyMidWrite(under root: String, environment: [String: String]) throws -> [String] {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["apply", "-q"]
        process.environment = ProcessInfo.processInfo.environment.merging(["ZEROTOUCH_CACHE_DIR": cache]) { $1 }.merging(environment) { $1 }
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var caught: [String] = []
        for _ in 0..<1_000 where process.isRunning {
            usleep(2_000)
            kill(process.processIdentifier, SIGSTOP)
            // The signal lands a little later: look only once every thread has stopped.
            while !Self.isStopped(process.processIdentifier) && process.isRunning { usleep(200) }
            caught = temporaryFiles(under: root)
            if !caught.isEmpty { break }
            kill(process.processIdentifier, SIGCONT)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return caught
    }

    /// Whether every thread of `pid` is stopped (state `T` in /proc).
    static func isStopped(_ pid: Int32) -> Bool {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task"), !tasks.isEmpty else { return false }
        return tasks.allSatisfy { task in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/stat", encoding: .utf8),
                  let close = stat.range(of: ")", options: .backwards) else { return false }
            return stat[close.upperBound...].trimmingCharacters(in: .whitespaces).hasPrefix("T")
        }
    }

    @Test func aRunKilledMidWriteIsCleanedUpAfterByTheNext() throws {
        try write(Self.kickstartFleet(3_000))
        let caught = try applyKilledMidWrite(under: "out")
        try #require(!caught.isEmpty, "no stop caught a write under way (the apply ended first)")
        #expect(temporaryFiles() == caught, "the killed run left its temporary file")

        let next = try run("apply", "-q")
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.contains("removed \(caught.count) temporary file") && next.stdout.contains(caught[0]), "\(next.stdout)")
        #expect(temporaryFiles().isEmpty)
        #expect(!exists(".zerotouch/writing"))
        let again = try run("apply")
        #expect(again.status == 0 && !again.stdout.contains("temporary") && again.stdout.contains("nothing to change"), "\(again.stdout)")
    }

    @Test func aRunKilledMidWriteToAnSMBShareIsCleanedUpAfterByTheNext() throws {
        let samba = try smbFleet()
        defer { samba.stop() }
        // Windows hosts only, so the share is written while the TFTP root is long done.
        let hosts = (0..<400).map { String(format: "  - {mac: '52:54:00:15:%02x:%02x', name: win%d, profile: w2k8r2}\n", $0 >> 8, $0 & 255, $0) }.joined()
        let text = try #require(file("zerotouch.yaml"))
        try write(String(text[..<text.range(of: "hosts:\n")!.upperBound]) + hosts)
        let caught = try applyKilledMidWrite(under: "smbshare", environment: Self.smbEnvironment)
        try #require(!caught.isEmpty, "no stop caught a write to the share under way")
        #expect(temporaryFiles(under: "smbshare") == caught, "smbd keeps what the killed run left")

        let next = try runSMB("apply", "-q")
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stdout.contains("removed \(caught.count) temporary file") && next.stdout.contains("on the share root"), "\(next.stdout)")
        #expect(temporaryFiles(under: "smbshare").isEmpty, "\(temporaryFiles(under: "smbshare"))")
        #expect(try runSMB("apply").stdout.contains("nothing to change"))
    }
}

/// Every refusal of a fleet file in one format, `file:line:column: field: 'value' rule`, at the
/// place the problem is, with exit 2 and nothing written.
struct FleetFileRefusalTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    struct Malformed: Sendable, CustomStringConvertible {
        let name: String
        /// The whole file, as bytes: some cases are not UTF-8.
        let bytes: [UInt8]
        /// Where the message must point: the start of `marker`, on the `occurrence`th line that holds it.
        let marker: String
        let occurrence: Int
        let field: String
        let rule: String
        var description: String { name }

        init(_ name: String, _ text: String, marker: String, occurrence: Int = 1, field: String, rule: String) {
            self.init(name, Array(text.utf8), marker: marker, occurrence: occurrence, field: field, rule: rule)
        }

        init(_ name: String, _ bytes: [UInt8], marker: String, occurrence: Int = 1, field: String, rule: String) {
            self.name = name
            self.bytes = bytes
            self.marker = marker
            self.occurrence = occurrence
            self.field = field
            self.rule = rule
        }

        /// `line:column` of the marker, both from 1, the column in characters (a byte that is not
        /// UTF-8 reads as one U+FFFD).
        var position: String? {
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            guard let index = lines.indices.filter({ lines[$0].contains(marker) }).dropFirst(occurrence - 1).first,
                  let found = lines[index].range(of: marker) else { return nil }
            return "\(index + 1):\(lines[index].unicodeScalars.distance(from: lines[index].startIndex, to: found.lowerBound) + 1)"
        }
    }

    static let fleet = site + hosts
    static func replacing(_ old: String, with new: String) -> String {
        precondition(fleet.contains(old))
        return fleet.replacingOccurrences(of: old, with: new)
    }

    static let malformed: [Malformed] = [
        Malformed("a YAML syntax error", replacing("  http_port: 8069\n", with: "  http_port: 8069\n   broken: [\n"),
                  marker: ": [", field: "(yaml)", rule: "is not valid YAML: mapping values are not allowed"),
        Malformed("a byte that is not UTF-8", Array(fleet.utf8.prefix(25)) + [0xFF] + Array(fleet.utf8.dropFirst(25)),
                  marker: "\u{FFFD}", field: "(file)", rule: "is not UTF-8 text: byte 0xFF"),
        Malformed("a control character", replacing("server: 192.168.1.166", with: "server: \"192.168.1.166\u{1}\""),
                  marker: "\u{1}", field: "(yaml)", rule: "control characters are not allowed: '\\u{1}'"),
        Malformed("a top-level key twice", fleet + "site:\n  server: 10.0.0.1\n",
                  marker: "site:", occurrence: 2, field: "(yaml)", rule: "the key 'site' appears a second time"),
        Malformed("a nested key twice", replacing("  http_port: 8069\n", with: "  http_port: 8069\n  tftp_root: x\n"),
                  marker: "tftp_root:", occurrence: 2, field: "(yaml)", rule: "the key 'tftp_root' appears a second time"),
        Malformed("a missing base answer file", replacing("index: 1}}", with: "index: 1}, answer_file: nowhere.xml}"),
                  marker: "nowhere.xml", field: "profiles.w2k8r2.answer_file", rule: "cannot be read: no such file"),
        Malformed("a missing secret file", replacing("index: 1}}", with: "index: 1}, admin_password_file: nowhere}"),
                  marker: "nowhere}", field: "profiles.w2k8r2.admin_password_file", rule: "cannot be read: no such file"),
        Malformed("a secret file that is a folder", replacing("index: 1}}", with: "index: 1}, admin_password_file: out}"),
                  marker: "out}", field: "profiles.w2k8r2.admin_password_file", rule: "cannot be read: it is a folder"),
        Malformed("an unset secret variable", replacing("index: 1}}", with: "index: 1}, product_key_env: ZT_SURELY_UNSET_KEY}"),
                  marker: "ZT_SURELY_UNSET_KEY", field: "profiles.w2k8r2.product_key_env", rule: "is not set"),
        Malformed("a missing kickstart template", replacing("initrd: os/centos-5.5-i386/initrd.img}", with: "initrd: os/centos-5.5-i386/initrd.img, kickstart: nowhere.ks}"),
                  marker: "nowhere.ks", field: "profiles.centos55.kickstart", rule: "cannot be read: no such file"),
        Malformed("a driver set name that climbs out of drivers/", replacing("name: W2K8-WEB01,", with: "name: W2K8-WEB01, drivers: [../x],"),
                  marker: "../x", field: "hosts[0].drivers[0]", rule: "is not a driver set name"),
        Malformed("a proxyDHCP given a range", replacing("  http_port: 8069\n", with: "  http_port: 8069\n  dhcp: {server: proxy, output: out/dhcp.conf, subnet: 192.168.1.0/24, range: 192.168.1.200-192.168.1.250}\n"),
                  marker: "192.168.1.200-", field: "site.dhcp.range", rule: "applies to server isc, dnsmasq, kea only, not proxy"),
        Malformed("a relayed subnet that overlaps the server's", replacing("  http_port: 8069\n", with: "  http_port: 8069\n  dhcp: {server: isc, output: out/dhcp.conf, subnet: 192.168.1.0/24, subnets: [{subnet: 192.168.0.0/16}]}\n"),
                  marker: "192.168.0.0/16", field: "site.dhcp.subnets[0].subnet", rule: "overlaps 192.168.1.0/24"),
        Malformed("a state folder that is a device", replacing("state: .zerotouch", with: "state: /dev/null"),
                  marker: "/dev/null", field: "site.state", rule: "is not a folder"),
        Malformed("a state folder that cannot hold a lock", replacing("state: .zerotouch", with: "state: /proc/self"),
                  marker: "/proc/self", field: "site.state", rule: "cannot hold the inventory and its lock"),
    ]

    @Test(arguments: malformed)
    func everyRefusalOfAFleetFileSaysWhereInOneFormat(_ bad: Malformed) throws {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)
        try Data(bad.bytes).write(to: folder.appendingPathComponent("zerotouch.yaml"))
        let before = try snapshot()
        let refused = try run("apply")
        let first = refused.stderr.split(separator: "\n").first { $0.hasPrefix("error:") }.map(String.init) ?? ""
        let position = try #require(bad.position, "the case's marker is in its file")
        let expected = "error: zerotouch.yaml:\(position): \(bad.field): "
        #expect(refused.status == 2, "\(bad): exit \(refused.status)")
        #expect(first.hasPrefix(expected), "\(bad): expected \(expected)…, got \(first)")
        #expect(first.contains(bad.rule), "\(bad): \(first)")
        #expect(!first.dropFirst(expected.count).contains(bad.field), "\(bad): the field is named once")
        #expect(try snapshot() == before, "\(bad): nothing is written")
    }
}
