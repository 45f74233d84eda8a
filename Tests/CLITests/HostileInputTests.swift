import Foundation
import Testing

/// What a hostile or unlucky machine does to a run: links inside the roots, a run killed mid-write.
extension CLITests {
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
        #expect(try run("plan").status == 1, "plan reads beneath the roots the same way")
    }
}

extension CLITests {
    /// A fleet of `count` kickstart hosts, for runs long enough to be interrupted.
    static func kickstartFleet(_ count: Int) -> String {
        site + (0..<count).map { index in
            let mac = String(format: "52:54:00:%02x:%02x:%02x", (index >> 16) & 0xff, (index >> 8) & 0xff, index & 0xff)
            return "  - {mac: '\(mac)', name: ks\(index), profile: centos55}\n"
        }.joined()
    }

    /// The temporary files under the test folder's `out`.
    func temporaryFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.appendingPathComponent("out").path)
        return (enumerator?.allObjects as? [String] ?? []).filter { ($0 as NSString).lastPathComponent.contains(".zt-") }
    }

    @Test func aRunKilledMidWriteIsCleanedUpAfterByTheNext() throws {
        try write(Self.kickstartFleet(3_000))
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["apply", "-q"]
        process.environment = ProcessInfo.processInfo.environment.merging(["ZEROTOUCH_CACHE_DIR": cache]) { $1 }
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Stopped at random moments until one catches a file between its creation and its rename,
        // then killed there, as a power cut would.
        var caught: [String] = []
        for _ in 0..<400 where process.isRunning {
            usleep(2_000)
            kill(process.processIdentifier, SIGSTOP)
            caught = temporaryFiles()
            if !caught.isEmpty { break }
            kill(process.processIdentifier, SIGCONT)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
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
}
