import Fleet
import Foundation
import Render
import Testing

/// autorun.bat and startnet.cmd run under Wine's cmd.exe with stand-ins for WinPE's tools.
/// Where Wine's cmd differs from Windows' (PLATFORM-NOTES: the errorlevel after `call` of a batch
/// that ends in `exit /b N`, `%DATE%`/`%TIME%` formats, `copy`'s count) nothing is asserted.
@Suite(.serialized)
struct WinPEBatchTests {
    static let mac = try! MACAddress("08:00:27:b2:40:3e")
    static let second = try! MACAddress("08:00:27:b2:40:3f")
    static let host = Fleet.Host(name: "W2K8-WEB01", macs: [mac, second], profile: "w")
    static let folder = "08-00-27-b2-40-3e"

    static func profile(_ os: OSKind = .windows) -> Profile {
        Profile(name: "w", os: os, boot: .winpeISO(try! BootPath("winpe.iso")), image: WindowsImage(wim: try! BootPath("images/w2k8r2.wim"), index: 2))
    }

    static func markScript(filePath: String = #filePath) throws -> String {
        let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("../../Share/zerotouch/mark.cmd")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A share on Z: with the host's folder under `base` (empty: the share's root), as `apply` lays it out.
    static func share(_ lab: WineCmd, base: String = "", os: OSKind = .windows) throws -> String {
        let top = base.isEmpty ? "" : base + "/"
        try lab.write(try markScript(), to: top + "zerotouch/mark.cmd", on: "z")
        let here = top + folder + "/"
        try lab.write(try AutorunScript.render(host: host, profile: profile(os), mode: .install), to: here + "autorun.bat", on: "z")
        try lab.write("select disk 0\r\n", to: here + "diskpart.txt", on: "z")
        try lab.write("<unattend/>\r\n", to: here + (os == .windows ? "unattend.xml" : "sysprep.inf"), on: "z")
        try lab.write("// ready\r\n", to: here + "ready.js", on: "z")
        let windowsTop = base.isEmpty ? "" : base.replacingOccurrences(of: "/", with: "\\") + "\\"
        return "Z:\\\(windowsTop)\(folder)\\autorun.bat"
    }

    @Test(arguments: ["", "deploy share (lab) & co"])
    func autorunRunsEveryStepInOrderAndMarksEachPhase(_ base: String) throws {
        let lab = try WineCmd()
        let script = try Self.share(lab, base: base)
        let result = try lab.run("call \"\(script)\"")
        let here = "Z:\\" + (base.isEmpty ? "" : base + "\\") + Self.folder + "\\"
        #expect(lab.calls == [
            "diskpart /s \"\(here)diskpart.txt\"",
            "dism /Apply-Image /ImageFile:\"\(here)..\\images\\w2k8r2.wim\" /Index:2 /ApplyDir:W:\\",
            "bcdboot W:\\Windows /s S: /f BIOS",
            "wpeutil reboot",
        ], "\(result.output)")
        let status = (base.isEmpty ? "" : base + "/") + Self.folder + "/status/"
        for phase in ["started", "partitioned", "applied", "done"] { #expect(lab.exists(status + phase, on: "z"), "\(phase)") }
        #expect(!lab.exists(status + "failed", on: "z"))
        #expect(lab.read("Windows/Panther/unattend.xml", on: "w") == "<unattend/>\r\n")
        #expect(lab.read("ZeroTouch/ready.js", on: "w") == "// ready\r\n")
        let log = lab.read((base.isEmpty ? "" : base + "/") + Self.folder + "/logs/autorun.log", on: "z") ?? ""
        for step in ["diskpart", "apply-image", "answer-file", "ready-script", "bcdboot", "phase done"] { #expect(log.contains(step), "\(step)") }
    }

    /// Every step's failure stops the run, whatever the sign of the exit code (DISM's HRESULTs are
    /// negative: 0x800F081F is -2146498529), before anything after it runs.
    @Test(arguments: [
        ("diskpart", 1, "diskpart"), ("dism", -2146498529, "apply-image"), ("dism", 87, "apply-image"),
        ("bcdboot", -1, "bcdboot"), ("bcdboot", 1, "bcdboot"),
    ])
    func aFailedStepStopsTheRunAndMarksFailed(_ tool: String, _ code: Int, _ step: String) throws {
        let lab = try WineCmd()
        let script = try Self.share(lab)
        try lab.codes(tool, [code])
        let result = try lab.run(script)
        let status = Self.folder + "/status/"
        let failed = try #require(lab.read(status + "failed", on: "z"), "no failed marker; calls \(lab.calls), cmd said: \(result.output.suffix(1500))")
        #expect(failed.contains(step) && failed.contains("exit code \(code)"), "\(failed)")
        #expect(!lab.exists(status + "done", on: "z"))
        #expect(lab.calls.last?.hasPrefix(tool) == true, "nothing runs after \(tool): \(lab.calls)")
        #expect(!lab.calls.contains("wpeutil reboot"))
        if tool == "diskpart" { #expect(!lab.exists(status + "partitioned", on: "z")) }
        if tool == "dism" { #expect(!lab.exists(status + "applied", on: "z")) }
    }

    // MARK: drivers

    static let drivers = DriverChoice(always: ["storage-common"], byModel: [
        DriverChoice.Model(name: "OptiPlex 7090", sets: ["dell-7090"]),
        DriverChoice.Model(name: "HP EliteBook 840 G8", sets: ["hp-840g8", "storage-common"]),
    ])

    /// What `reg query` prints in WinPE for the firmware's product name.
    static func registry(model: String) -> String {
        "\r\nHKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS\r\n    SystemProductName    REG_SZ    \(model)\r\n\r\n"
    }

    static func driverShare(_ lab: WineCmd, drivers: DriverChoice) throws -> String {
        let script = try share(lab)
        try lab.write(try AutorunScript.render(host: host, profile: profile(), mode: .install, drivers: drivers), to: folder + "/autorun.bat", on: "z")
        return script
    }

    static func driverCalls(_ lab: WineCmd) -> [String] { lab.calls.filter { $0.contains("/Add-Driver") } }

    static func addDriver(_ set: String) -> String { "dism /Image:W:\\ /Add-Driver /Driver:\"Z:\\\(folder)\\..\\drivers\\\(set)\" /Recurse" }

    @Test func theModelsDriverSetsAndTheAlwaysSetsGoIntoTheAppliedImage() throws {
        let lab = try WineCmd()
        let script = try Self.driverShare(lab, drivers: Self.drivers)
        try lab.output("reg", Self.registry(model: "OptiPlex 7090"))
        try lab.run("call \"\(script)\"")
        #expect(Self.driverCalls(lab) == [Self.addDriver("storage-common"), Self.addDriver("dell-7090")], "\(lab.calls)")
        let calls = lab.calls
        #expect(calls.firstIndex { $0.hasPrefix("dism /Apply-Image") }! < calls.firstIndex { $0.contains("/Add-Driver") }!, "after the image is applied")
        let status = Self.folder + "/status/"
        #expect(lab.read(status + "drivers", on: "z")?.contains("added: storage-common dell-7090") == true, "\(lab.read(status + "drivers", on: "z") ?? "no marker")")
        #expect(!lab.exists(status + "drivers-failed", on: "z") && !lab.exists(status + "drivers-unknown-model", on: "z") && lab.exists(status + "done", on: "z"))
        let log = lab.read(Self.folder + "/logs/autorun.log", on: "z") ?? ""
        #expect(log.contains("drivers: model \"OptiPlex 7090\""), "\(log)")
    }

    /// A model in no list gets the always sets and a warning; a set that fails is reported and the
    /// install goes on, since it is not required.
    @Test func anUnknownModelAndAFailedOptionalSetDoNotStopTheInstall() throws {
        let lab = try WineCmd()
        let script = try Self.driverShare(lab, drivers: Self.drivers)
        try lab.output("reg", Self.registry(model: "Virtual Machine"))
        try lab.codes("dism", [0, -2146498529])
        try lab.run("call \"\(script)\"")
        #expect(Self.driverCalls(lab) == [Self.addDriver("storage-common")], "\(lab.calls)")
        let status = Self.folder + "/status/"
        #expect(lab.read(status + "drivers-unknown-model", on: "z")?.contains("no driver sets for model 'Virtual Machine'") == true)
        #expect(lab.read(status + "drivers-failed", on: "z")?.contains("not added: storage-common") == true)
        #expect(lab.exists(status + "done", on: "z") && !lab.exists(status + "failed", on: "z") && lab.calls.contains("wpeutil reboot"))
    }

    @Test func aRequiredSetThatFailsStopsTheInstallBeforeBcdboot() throws {
        let lab = try WineCmd()
        let drivers = DriverChoice(always: Self.drivers.always, byModel: Self.drivers.byModel, required: ["dell-7090"])
        let script = try Self.driverShare(lab, drivers: drivers)
        try lab.output("reg", Self.registry(model: "optiplex 7090"))
        try lab.codes("dism", [0, 0, 2])
        try lab.run("call \"\(script)\"")
        #expect(Self.driverCalls(lab) == [Self.addDriver("storage-common"), Self.addDriver("dell-7090")], "models compare without regard to case: \(lab.calls)")
        let failed = try #require(lab.read(Self.folder + "/status/failed", on: "z"), "no failed marker")
        #expect(failed.contains("drivers dell-7090") && failed.contains("exit code 2"), "\(failed)")
        #expect(!lab.calls.contains { $0.hasPrefix("bcdboot") })
    }

    /// Windows 2000/XP/2003 (`windows-legacy`): no DISM offline servicing. Each folder of a chosen set
    /// that holds an `.inf` is copied, with its subfolders, to W:\Drivers\1, \2… for the
    /// OemPnPDriversPath Sysprep.inf lists; a set with no `.inf` is reported and the install goes on.
    @Test func legacyImagesGetTheirDriverFoldersCopiedForOemPnPDriversPath() throws {
        let lab = try WineCmd()
        let script = try Self.share(lab, os: .windowsLegacy)
        let drivers = DriverChoice(always: ["storage-common", "empty"], byModel: [DriverChoice.Model(name: "OptiPlex 7090", sets: ["dell-7090"])])
        try lab.write(try AutorunScript.render(host: Self.host, profile: Self.profile(.windowsLegacy), mode: .install, drivers: drivers), to: Self.folder + "/autorun.bat", on: "z")
        try lab.write("[Version]\r\n", to: "drivers/storage-common/raid/iastor.inf", on: "z")
        try lab.write("driver\r\n", to: "drivers/storage-common/raid/x86/iastor.sys", on: "z")
        try lab.write("[Version]\r\n", to: "drivers/storage-common/sata ahci/ahci.inf", on: "z")
        try lab.write("readme\r\n", to: "drivers/empty/readme.txt", on: "z")
        try lab.write("[Version]\r\n", to: "drivers/dell-7090/e1000.inf", on: "z")
        try lab.output("reg", Self.registry(model: "OptiPlex 7090"))
        let result = try lab.run("call \"\(script)\"")
        #expect(Self.driverCalls(lab).isEmpty, "no DISM for legacy images: \(lab.calls)")
        let copied = (1...3).compactMap { index in ["iastor.inf", "ahci.inf", "e1000.inf"].first { lab.exists("Drivers/\(index)/\($0)", on: "w") } }
        #expect(Set(copied) == ["iastor.inf", "ahci.inf", "e1000.inf"] && copied.last == "e1000.inf", "\(copied); cmd said: \(result.output.suffix(1500))")
        let raid = (1...2).first { lab.exists("Drivers/\($0)/iastor.inf", on: "w") }
        #expect(raid.map { lab.exists("Drivers/\($0)/x86/iastor.sys", on: "w") } == true, "the .inf folder's subfolders go with it")
        #expect(!lab.exists("Drivers/4", on: "w"))
        let status = Self.folder + "/status/"
        #expect(lab.read(status + "drivers-failed", on: "z")?.contains("not added: empty") == true, "\(lab.read(status + "drivers-failed", on: "z") ?? "no marker"); log: \(lab.read(Self.folder + "/logs/autorun.log", on: "z") ?? "")")
        #expect(lab.read(status + "drivers", on: "z")?.contains("added: storage-common dell-7090") == true)
        #expect(lab.exists(status + "done", on: "z") && lab.read("Sysprep/sysprep.inf", on: "w") != nil)
    }

    @Test func aMissingAnswerFileStopsBeforeBcdboot() throws {
        let lab = try WineCmd()
        let script = try Self.share(lab)
        try FileManager.default.removeItem(at: lab.folder("z").appendingPathComponent(Self.folder + "/unattend.xml"))
        try lab.run(script)
        #expect(lab.read(Self.folder + "/status/failed", on: "z")?.contains("answer-file") == true)
        #expect(!lab.calls.contains { $0.hasPrefix("bcdboot") })
    }

    @Test func legacyHostsGetSysprepAndTheReadyScriptWithoutBcdboot() throws {
        let lab = try WineCmd()
        let script = try Self.share(lab, os: .windowsLegacy)
        try lab.run(script)
        #expect(lab.read("Sysprep/sysprep.inf", on: "w") == "<unattend/>\r\n")
        #expect(lab.exists("ZeroTouch/ready.js", on: "w"))
        #expect(lab.calls.map { String($0.prefix(while: { $0 != " " })) } == ["diskpart", "imagex", "wpeutil"])
        #expect(lab.exists(Self.folder + "/status/done", on: "z"))
    }

    // MARK: startnet.cmd

    static let unc = "\\\\pxe-server\\windows media (lab) & co"
    static let user = "CORP\\deploy"
    static let password = "p&ss^(w) rd"

    static func ipconfig(_ macs: [String], short: Bool = false) -> String {
        var text = "\r\nWindows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : minint-1\r\n"
        for (index, mac) in macs.enumerated() {
            text += "\r\nEthernet adapter Ethernet \(index + 1):\r\n\r\n   Description . . . . . . . . . . . : Intel(R) PRO/1000 MT\r\n"
            text += short ? "   Physical Address: \(mac)\r\n" : "   Physical Address. . . . . . . . . : \(mac)\r\n"
            text += "   DHCP Enabled. . . . . . . . . . . : Yes\r\n"
        }
        return text
    }

    /// A startnet lab: Z: holds a folder for each of `folders`, whose autorun.bat logs that it ran and fails.
    static func startnet(_ lab: WineCmd, folders: [String]) throws {
        try lab.write(try StartnetScript.render(unc: unc, user: user, password: password), to: "startnet.cmd", on: "t")
        for name in folders {
            try lab.write("@echo off\r\necho ran %~dp0>> Z:\\runs.log\r\nexit /b 1\r\n", to: "\(name)/autorun.bat", on: "z")
        }
    }

    /// Exactly one folder runs, once: the first adapter with one, even when the host's other NIC has
    /// one too and the install stopped (the operator left the rescue prompt).
    @Test(arguments: [false, true])
    func startnetRunsTheFirstMatchingFolderOnce(_ short: Bool) throws {
        let lab = try WineCmd()
        try Self.startnet(lab, folders: ["08-00-27-b2-40-3e", "08-00-27-b2-40-3f"])
        try lab.output("ipconfig", Self.ipconfig(["52-54-00-00-00-01", "08-00-27-B2-40-3F", "08-00-27-B2-40-3E"], short: short))
        let result = try lab.run("T:\\startnet.cmd")
        let runs = (lab.read("runs.log", on: "z") ?? "").split(separator: "\r\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(runs.count == 1 && runs.first?.lowercased() == "ran z:\\08-00-27-b2-40-3f\\", "\(runs) \(result.output)")
        #expect(!result.output.contains("no folder on the share matches"), "\(result.output)")
        #expect(result.output.contains("the install stopped"))
    }

    /// With WinPE drivers in the image (`winpe build --drivers`), every `.inf` below X:\zerotouch\drivers
    /// is loaded with drvload, whatever the case of its extension, and the network started again,
    /// before the share is mapped.
    @Test func startnetLoadsTheImagesDriversBeforeMappingTheShare() throws {
        let lab = try WineCmd(drives: ["z", "w", "s", "x"])
        try lab.write(try StartnetScript.render(unc: Self.unc, user: Self.user, password: Self.password, drivers: true), to: "startnet.cmd", on: "t")
        try lab.write("[Version]\r\n", to: "zerotouch/drivers/1/net intel/e1d68x64.inf", on: "x")
        try lab.write("driver\r\n", to: "zerotouch/drivers/1/net intel/e1d68x64.sys", on: "x")
        try lab.write("[Version]\r\n", to: "zerotouch/drivers/2/STOR.INF", on: "x")
        try lab.write("@echo off\r\nexit /b 0\r\n", to: "08-00-27-b2-40-3e/autorun.bat", on: "z")
        try lab.output("ipconfig", Self.ipconfig(["08-00-27-B2-40-3E"]))
        _ = try lab.run("T:\\startnet.cmd")
        let calls = lab.calls.map { $0.lowercased() }
        let loaded = calls.filter { $0.hasPrefix("drvload") }
        #expect(loaded.count == 2 && loaded.contains { $0.contains("x:\\zerotouch\\drivers\\1\\net intel\\e1d68x64.inf") }
                && loaded.contains { $0.contains("x:\\zerotouch\\drivers\\2\\stor.inf") }, "\(calls)")
        let network = try #require(calls.firstIndex { $0.hasPrefix("wpeutil initializenetwork") }, "\(calls)")
        let mapped = try #require(calls.firstIndex { $0.hasPrefix("net use z: \"") }, "\(calls)")
        #expect(calls.lastIndex { $0.hasPrefix("drvload") }! < network && network < mapped, "drivers, then the network, then the share: \(calls)")
    }

    @Test func startnetSaysWhenNoFolderMatches() throws {
        let lab = try WineCmd()
        try Self.startnet(lab, folders: ["08-00-27-b2-40-3e"])
        try lab.output("ipconfig", Self.ipconfig(["52-54-00-00-00-01"]))
        let result = try lab.run("T:\\startnet.cmd")
        #expect(lab.read("runs.log", on: "z") == nil)
        #expect(result.output.contains("no folder on the share matches"))
        #expect(result.output.contains("52-54-00-00-00-01"))
    }

    /// `net use` is retried until it maps the share, a negative exit code counting as a failure; the
    /// UNC path and the account's password reach `net` exactly, spaces and `&^()` included.
    @Test func startnetRetriesTheShareAndPassesTheAccountIntact() throws {
        let lab = try WineCmd()
        try Self.startnet(lab, folders: ["08-00-27-b2-40-3e"])
        try lab.output("ipconfig", Self.ipconfig(["08-00-27-B2-40-3E"]))
        // delete, map (2), delete, map (-5), delete, map (0)
        try lab.codes("net", [0, 2, 0, -5, 0, 0])
        let result = try lab.run("T:\\startnet.cmd")
        let maps = lab.calls.filter { $0.hasPrefix("net use Z: \"") }
        #expect(maps.count == 3, "\(lab.calls)")
        #expect(maps.first == "net use Z: \"\(Self.unc)\" /user:\"\(Self.user)\" \"\(Self.password)\"")
        #expect(lab.calls.filter { $0.hasPrefix("ping ") }.count == 2)
        #expect(result.output.contains("waiting for the share 2/30"))
        #expect(lab.read("runs.log", on: "z") != nil, "the folder ran once the share was mapped")
    }

    @Test func startnetGivesUpAfterThirtyTries() throws {
        let lab = try WineCmd()
        try Self.startnet(lab, folders: [])
        try lab.codes("net", [2])
        let result = try lab.run("T:\\startnet.cmd", timeout: 120)
        #expect(lab.calls.filter { $0.hasPrefix("net use Z: \"") }.count == 30)
        #expect(result.output.contains("cannot map the deployment share"))
        #expect(!lab.calls.contains { $0.hasPrefix("ipconfig") })
    }
}
