import Foundation
import TestSupport
import Testing

/// `apply` renders only hosts whose record or file inputs changed since the last apply; every input
/// must be noticed, or a host would keep stale files. `apply --full` is the reference: after each
/// incremental apply it must find nothing left to change.
struct IncrementalApplyTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    /// A fleet whose host files depend on a template, a base answer file, a secret file and a secret
    /// in the environment, all in the test's folder.
    func writeFleetWithEveryInput() throws {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Answerfiles").standardizedFileURL
        try write(String(contentsOf: shipped.appendingPathComponent("el5-el6.ks"), encoding: .utf8), to: "mine.ks")
        try write(String(contentsOf: shipped.appendingPathComponent("windows-2008r2.xml"), encoding: .utf8), to: "base.xml")
        try write("hunter2\n", to: "root-password")
        try write(Self.site
            .replacingOccurrences(of: "image: {wim: images/w2k8r2.wim, index: 1}}",
                                  with: "image: {wim: images/w2k8r2.wim, index: 1}, answer_file: base.xml, admin_password_env: ZT_TEST_ADMIN}")
            .replacingOccurrences(of: "initrd: os/centos-5.5-i386/initrd.img}",
                                  with: "initrd: os/centos-5.5-i386/initrd.img, kickstart: mine.ks, root_password_file: root-password}")
            + Self.hosts
            + "  - {mac: '08:00:27:b2:40:40', name: W2K8-WEB02, profile: w2k8r2, timezone: Tokyo Standard Time}\n")
    }

    func edit(_ name: String, _ change: (String) -> String) throws {
        try write(change(try #require(file(name))), to: name)
    }

    func planJSON(_ result: ProcessResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\n\(result.stderr)")
    }

    @Test func everyInputOfAHostsFilesIsNoticed() throws {
        try writeFleetWithEveryInput()
        var environment = ["ZT_TEST_ADMIN": "first password"]
        #expect(try run(["apply"], environment: environment).status == 0)
        let steps: [(String, Int, () throws -> Void)] = [
            ("a mode in the file", 1, { try self.edit("zerotouch.yaml") { $0.replacingOccurrences(of: "profile: ovm22, mode: localboot", with: "profile: ovm22") } }),
            ("a per-host setting", 4, { try self.edit("zerotouch.yaml") { $0.replacingOccurrences(of: "Tokyo Standard Time", with: "UTC") } }),
            ("the kickstart template", 4, { try self.edit("mine.ks") { $0 + "# a line more\n" } }),
            ("the base answer file", 4, { try self.edit("base.xml") { $0.replacingOccurrences(of: "<NetworkLocation>Work</NetworkLocation>", with: "<NetworkLocation>Home</NetworkLocation>") } }),
            ("a secret's file", 4, { try self.write("hunter3\n", to: "root-password") }),
            ("a secret in the environment", 4, { environment["ZT_TEST_ADMIN"] = "second password" }),
            ("a profile", 4, { try self.edit("zerotouch.yaml") { $0.replacingOccurrences(of: "kernel_args: \"ro root=LABEL=/\"", with: "kernel_args: \"ro root=LABEL=/ quiet\"") } }),
            ("the site", 4, { try self.edit("zerotouch.yaml") { $0.replacingOccurrences(of: "http_port: 8069", with: "http_port: 8070") } }),
        ]
        for (input, rendered, change) in steps {
            try change()
            let applied = try run(["apply", "--json"], environment: environment)
            #expect(applied.status == 0, "\(input): \(applied.stderr)")
            let files = try planJSON(applied)["files"] as? [[String: Any]] ?? []
            #expect(!files.isEmpty, "\(input): some file changed")
            #expect(try planJSON(applied)["rendered"] as? Int == rendered, "\(input): \(rendered) host(s) rendered")
            let full = try run(["apply", "--full"], environment: environment)
            #expect(full.status == 0 && full.stdout.contains("nothing to change"), "\(input): the incremental apply left work for --full:\n\(full.stdout)")
        }
    }

    @Test func anEditRendersOnlyItsHostAndFullPutsBackWhatWasRemovedByHand() throws {
        try write(Self.site + Self.hosts)
        #expect(try run("apply").status == 0)
        let again = try planJSON(try run("apply", "--json"))
        #expect(again["rendered"] as? Int == 0 && again["unchanged"] as? Int ?? 0 > 0, "nothing changed: nothing rendered, every file still counted")

        try edit("zerotouch.yaml") { $0.replacingOccurrences(of: "name: centos01, profile: centos55}", with: "name: centos01, profile: centos55, mode: localboot}") }
        let edited = try planJSON(try run("apply", "--json"))
        #expect(edited["rendered"] as? Int == 1)
        let paths = (edited["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(Set(paths) == ["pxelinux.cfg/01-08-00-27-4d-4d-aa", "ks/08-00-27-4d-4d-aa.ks"], "only that host's files: \(paths)")

        let removed = "out/tftpboot/pxelinux.cfg/01-00-19-b9-41-2c-b9"
        try FileManager.default.removeItem(at: folder.appendingPathComponent(removed))
        #expect(try run("apply").stdout.contains("nothing to change"), "an unchanged host's files are not looked at")
        let planned = try run("plan", "--full")
        #expect(planned.stdout.contains("+ create tftp: pxelinux.cfg/01-00-19-b9-41-2c-b9") && !exists(removed), "\(planned.stdout)")
        #expect(try run("apply", "--full").status == 0 && exists(removed))
    }

    @Test func aHostChangedFromTheCommandLineIsRenderedByTheNextApply() throws {
        try write(Self.site + Self.hosts)
        #expect(try run("apply").status == 0)
        #expect(try run("host", "mode", "08:00:27:4d:4d:aa", "localboot").status == 0)
        let next = try planJSON(try run("apply", "--json"))
        #expect(next["rendered"] as? Int == 1 && (next["files"] as? [Any])?.isEmpty == true, "rendered again, found as the command left it")
        #expect(try planJSON(try run("apply", "--json"))["rendered"] as? Int == 0)
    }
}
