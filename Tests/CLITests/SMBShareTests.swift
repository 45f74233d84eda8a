import Crypto
import Fleet
import Foundation
import Orchestration
import TestSupport
import Testing

/// Publishing to a real smbd through libsmbclient, checked with smbclient (an independent client).
struct SMBShareTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    @Test func publishesToAnSMBShareAsToALocalFolder() throws {
        let samba = try smbFleet()
        defer { samba.stop() }
        try "kept".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        try samba.client("mkdir pxe; put \(folder.appendingPathComponent("notes.txt").path) pxe/notes.txt")

        let applied = try runSMB("apply")
        #expect(applied.status == 0, "\(applied.stderr)")
        let listing = try samba.client("ls pxe/08-00-27-b2-40-3e/*")
        for name in ["unattend.xml", "autorun.bat", "diskpart.txt"] { #expect(listing.contains(name), "\(listing)") }
        let fetched = folder.appendingPathComponent("fetched.xml")
        try samba.client("get pxe/08-00-27-b2-40-3e/unattend.xml \(fetched.path)")
        let rendered = try runSMB("render", "08:00:27:b2:40:3e", "--artifact", "answer")
        #expect(try String(contentsOf: fetched, encoding: .utf8) == rendered.stdout, "the share holds what render prints")
        #expect(try samba.client("ls pxe/zerotouch/*").contains("mark.cmd"), "the share skeleton")
        #expect(!listing.contains(".zt-"), "no temporary file is left behind")

        let again = try runSMB("apply")
        #expect(again.status == 0 && again.stdout.contains("nothing to change"), "\(again.stdout)")

        let moded = try runSMB("host", "mode", "08:00:27:b2:40:3e", "localboot")
        #expect(moded.status == 0, "\(moded.stderr)")
        #expect(!(try samba.client("ls pxe/08-00-27-b2-40-3e/*")).contains("unattend.xml"), "leaving install mode removes the answer file from the share")
        #expect(try samba.client("ls pxe/*").contains("notes.txt"), "a file ZeroTouch did not write is left alone")
        for output in [applied, again, rendered] {
            #expect(!output.stdout.contains(PrivateSamba.password) && !output.stderr.contains(PrivateSamba.password))
        }
    }

    @Test func statusMarkersAndLogsAreReadThroughTheShareAndClearedOnArming() throws {
        let samba = try smbFleet()
        defer { samba.stop() }
        #expect(try runSMB("apply").status == 0)
        let marker = folder.appendingPathComponent("started")
        try "WinPE 10.0 at 12:01\r\n".write(to: marker, atomically: true, encoding: .utf8)
        try samba.client("mkdir pxe/08-00-27-b2-40-3e/status; mkdir pxe/08-00-27-b2-40-3e/logs; put \(marker.path) pxe/08-00-27-b2-40-3e/status/started; put \(marker.path) pxe/08-00-27-b2-40-3e/logs/dism.log")

        let listed = try runSMB("share", "ls", "08-00-27-b2-40-3e/status")
        #expect(listed.status == 0 && listed.stdout == "started\n", "\(listed.stdout)\(listed.stderr)")
        let log = try runSMB("share", "cat", "08-00-27-b2-40-3e/logs/dism.log")
        #expect(log.stdout == "WinPE 10.0 at 12:01\r\n")
        let session = SiteSession(file: try FleetFile(path: folder.appendingPathComponent("zerotouch.yaml").path, snapshots: nil), environment: Self.smbEnvironment)
        let markers = try StatusMarkers(session: session).read(of: [try MACAddress("08:00:27:b2:40:3e")])
        #expect(markers.values.first?.events[.started] == "WinPE 10.0 at 12:01", "what the boot server follows")

        let climbing = try runSMB("share", "cat", "../etc/passwd")
        #expect(climbing.status == 2 && climbing.stderr.contains("is not a path on the share"))
        #expect(try runSMB("host", "arm", "08:00:27:b2:40:3e").status == 0)
        let after = try runSMB("share", "ls", "08-00-27-b2-40-3e/status")
        #expect(after.status == 0 && after.stdout.isEmpty, "arming clears the old run's markers: \(after.stdout)")
    }

    @Test(arguments: [
        ("wrong password", "password_file: wrong.txt", "", "refused the account reader (site.share.user): wrong user name, password (password_env / password_file) or domain", "Permission denied (EACCES)"),
        ("missing share", "password_env: ZT_SMB_PASSWORD", "/nothere", "the share 'nothere' does not exist", "No such file or directory (ENOENT)"),
        ("read-only share", "password_env: ZT_SMB_PASSWORD", "/readonly", "may not write to", "Permission denied (EACCES)"),
    ])
    func refusesAShareItCannotUse(_ name: String, _ password: String, _ share: String, _ checkMessage: String, _ applyMessage: String) throws {
        try "not-the-password\n".write(to: folder.appendingPathComponent("wrong.txt"), atomically: true, encoding: .utf8)
        let samba = try smbFleet(target: { share.isEmpty ? $0.url : "smb://127.0.0.1:\($0.port)\(share)" }, password: password)
        defer { samba.stop() }
        let check = try runSMB("share", "check")
        #expect(check.status == 1 && check.stdout.contains(checkMessage), "\(name): \(check.stdout)")
        let applied = try runSMB("apply")
        #expect(applied.status == 1 && applied.stderr.contains(applyMessage), "\(name): \(applied.stderr)")
        #expect(!applied.stderr.contains("not-the-password") && !applied.stderr.contains(PrivateSamba.password))
        #expect(!(try samba.client("ls *")).contains("08-00-27-b2-40-3e"), "\(name): nothing reached the share")
        if name == "wrong password" {
            #expect(!exists(".zerotouch") && !exists("out"), "refused while planning: nothing was written")
        }
    }

    @Test func shareCheckNamesAServerThatIsDownOrANameThatDoesNotResolve() throws {
        for (target, message) in [("smb://127.0.0.1:\(try PrivateSamba.freePort())/deploy", "nothing answers at 127.0.0.1"),
                                  ("smb://no-such-host.invalid/deploy", "does not resolve")] {
            try write(Self.site.replacingOccurrences(of: "share: {target: out/share,", with: "share: {target: '\(target)', user: reader, password_env: ZT_SMB_PASSWORD,") + Self.hosts)
            let check = try runSMB("share", "check")
            #expect(check.status == 1 && check.stdout.contains(message), "\(check.stdout)")
        }
    }

    @Test func twoAppliesRacingLeaveOneConsistentShare() throws {
        let samba = try smbFleet()
        defer { samba.stop() }
        let runs = try [0, 1].map { _ in
            let process = Process()
            let errors = Pipe()
            process.executableURL = Self.binary
            process.arguments = ["apply", "--quiet"]
            process.environment = ProcessInfo.processInfo.environment.merging(Self.smbEnvironment) { $1 }
            process.currentDirectoryURL = folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            return (process, errors)
        }
        let results = runs.map { process, errors in
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        #expect(results.map(\.0) == [0, 0], "\(results.map(\.1))")
        let third = try runSMB("apply")
        #expect(third.stdout.contains("nothing to change"), "the loser of the race found the winner's work: \(third.stdout)")
        #expect(try samba.client("ls pxe/08-00-27-b2-40-3e/*").contains("unattend.xml"))
    }

    /// A large image, smbd killed in the middle: the run fails and says so, nothing is under the final
    /// name; after a restart the same command checks the part on the share and sends only the rest.
    @Test func imagePublishResumesAfterTheServerDiedAndVerifies() throws {
        let samba = try smbFleet()
        defer { samba.stop() }
        let image = folder.appendingPathComponent("big.wim")
        _ = FileManager.default.createFile(atPath: image.path, contents: nil)
        let handle = try FileHandle(forWritingTo: image)
        var block = [UInt8](repeating: 0, count: 1 << 20)
        for index in 0..<block.count { block[index] = UInt8(truncatingIfNeeded: index &* 2654435761 >> 7) }
        var hash = SHA256()
        for megabyte in 0..<384 {
            withUnsafeBytes(of: megabyte) { block.replaceSubrange(0..<8, with: $0) }
            handle.write(Data(block))
            hash.update(data: block)
        }
        try handle.close()
        let sha = hash.finalize().map { String(format: "%02x", $0) }.joined()

        let partial = folder.appendingPathComponent("smbshare/pxe/images/.big.wim.zt-partial")
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["image", "publish", image.path]
        process.environment = ProcessInfo.processInfo.environment.merging(Self.smbEnvironment) { $1 }
        process.currentDirectoryURL = folder
        let errors = folder.appendingPathComponent("publish.err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, ((try? FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? Int) ?? 0) < 8 << 20 {
            usleep(2000)
        }
        samba.crash()
        process.waitUntilExit()
        let message = try String(contentsOf: errors, encoding: .utf8)
        #expect(process.terminationStatus == 1, "\(message)")
        #expect(message.contains("error: cannot"), "\(message)")
        #expect(!exists("smbshare/pxe/images/big.wim"), "nothing under the final name")
        let kept = (try? FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? Int) ?? 0
        #expect(kept > 0 && kept < 384 << 20, "a part was left to resume from: \(kept)")

        try samba.restart()
        let resumed = try runSMB("image", "publish", image.path)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("resumed at") && resumed.stdout.contains(sha), "\(resumed.stdout)")
        let fetched = folder.appendingPathComponent("fetched.wim")
        try samba.client("get pxe/images/big.wim \(fetched.path)")
        let fetchedHash = SHA256.hash(data: try Data(contentsOf: fetched)).map { String(format: "%02x", $0) }.joined()
        #expect(fetchedHash == sha, "smbclient reads back the same bytes")
        #expect(!FileManager.default.fileExists(atPath: partial.path), "the partial name is gone")

        let third = try runSMB("image", "publish", image.path, "--json")
        #expect(third.status == 0 && third.stdout.contains("\"alreadyThere\" : true"), "\(third.stdout)")
        let badName = try runSMB("image", "publish", image.path, "--name", "../x.wim")
        #expect(badName.status == 2 && badName.stderr.contains("--name: '../x.wim' is not an image name"), "\(badName.stderr)")
        #expect(!exists("smbshare/pxe/x.wim") && !exists("smbshare/x.wim") && !exists("smbshare/pxe/images/.x.wim.zt-partial"), "nothing was sent")
        let notAFile = folder.appendingPathComponent("folder.wim")
        try FileManager.default.createDirectory(at: notAFile, withIntermediateDirectories: true)
        let folderGiven = try runSMB("image", "publish", notAFile.path)
        #expect(folderGiven.status != 0 && folderGiven.stderr.contains("folder.wim' is not a regular file; give the path of the image file itself"), "\(folderGiven.stderr)")
        #expect(!exists("smbshare/pxe/images/folder.wim") && !exists("smbshare/pxe/images/.folder.wim.zt-partial"), "nothing was sent")
    }

    @Test func refusesAnSMBURLWithCredentialsWithoutEchoingThemAndWritesNothing() throws {
        try write(Self.site.replacingOccurrences(of: "share: {target: out/share,", with: "share: {target: 'smb://admin:Hunter2@nas/deploy',") + Self.hosts)
        let applied = try run("apply")
        #expect(applied.status == 2 && applied.stderr.contains("site.share.target: 'smb://…@nas/deploy' carries credentials"), "\(applied.stderr)")
        #expect(!applied.stderr.contains("Hunter2") && !applied.stdout.contains("Hunter2"))
        #expect(!exists(".zerotouch") && !exists("out"), "nothing was written")
    }
}

extension CommandLineSuite {
    static var smbEnvironment: [String: String] { ["ZT_SMB_PASSWORD": PrivateSamba.password] }

    /// Starts a private smbd over `smbshare/` and writes a fleet file whose share is `target`
    /// (default: the `pxe` folder of the writable share).
    func smbFleet(target: ((PrivateSamba) -> String)? = nil, password: String = "password_env: ZT_SMB_PASSWORD") throws -> PrivateSamba {
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("smbshare"), withIntermediateDirectories: true)
        let samba = try PrivateSamba(folder: folder, sharePath: folder.appendingPathComponent("smbshare"))
        let url = target?(samba) ?? samba.url + "/pxe"
        try write(Self.site.replacingOccurrences(of: "share: {target: out/share,", with: "share: {target: '\(url)', user: reader, \(password),") + Self.hosts)
        return samba
    }

    func runSMB(_ arguments: String...) throws -> ProcessResult {
        try run(arguments, environment: Self.smbEnvironment)
    }
}
