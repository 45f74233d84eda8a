import Foundation
import Testing

/// Runs batch files under Wine's real cmd.exe (PLATFORM-NOTES: Wine 8, headless), with WinPE's
/// tools replaced by a stand-in `.exe` that logs its command line and exits with the codes a test
/// chooses. Each scenario maps its own drive letters (Z: the share, W: and S: the new disk's
/// partitions, T: the stand-ins and their data) in one Wine prefix kept under `.build/`, so only one
/// scenario exists at a time (a later one waits), and suites using it are serialized. Wine is a test requirement (Scripts/setup test installs it):
/// a missing Wine or MinGW fails the test, in CI and everywhere else.
final class WineCmd {
    struct Result {
        let status: Int32
        let output: String
    }

    static let tools = ["diskpart", "dism", "imagex", "bcdboot", "net", "ipconfig", "wpeutil", "wpeinit", "ping", "reg", "drvload"]

    /// The scenario's folder: one subfolder per drive letter.
    let root: URL

    /// One scenario at a time across suites: they share the prefix's drive letters.
    private static let gate = DispatchSemaphore(value: 1)

    init(drives: [Character] = ["z", "w", "s"]) throws {
        Self.gate.wait()
        var ready = false
        defer { if !ready { Self.gate.signal() } }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("zt-wine-\(UUID().uuidString)")
        for letter in drives + ["t"] { try FileManager.default.createDirectory(at: folder(letter), withIntermediateDirectories: true) }
        try FileManager.default.createDirectory(at: folder("t").appendingPathComponent("bin"), withIntermediateDirectories: true)
        let standin = try Self.standin()
        for tool in Self.tools {
            try FileManager.default.copyItem(at: standin, to: folder("t").appendingPathComponent("bin/\(tool).exe"))
        }
        let devices = try Self.prefix().appendingPathComponent("dosdevices")
        for letter in "defghijklmnopqrstuvwxyz" {
            try? FileManager.default.removeItem(at: devices.appendingPathComponent("\(letter):"))
        }
        for letter in drives + ["t"] {
            try FileManager.default.createSymbolicLink(at: devices.appendingPathComponent("\(letter):"), withDestinationURL: folder(letter))
        }
        ready = true
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
        Self.gate.signal()
    }

    /// The Linux folder behind drive `letter`.
    func folder(_ letter: Character) -> URL {
        root.appendingPathComponent(String(letter))
    }

    /// Writes `text` (CRLF line ends) to `path` on drive `letter`.
    func write(_ text: String, to path: String, on letter: Character) throws {
        let url = folder(letter).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: url)
    }

    func read(_ path: String, on letter: Character) -> String? {
        (try? Data(contentsOf: folder(letter).appendingPathComponent(path))).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ path: String, on letter: Character) -> Bool {
        FileManager.default.fileExists(atPath: folder(letter).appendingPathComponent(path).path)
    }

    /// The exit codes `tool` gives, call after call (the last one repeats).
    func codes(_ tool: String, _ codes: [Int]) throws {
        try write(codes.map(String.init).joined(separator: "\n") + "\n", to: "\(tool).codes", on: "t")
    }

    /// What `tool` prints on every call.
    func output(_ tool: String, _ text: String) throws {
        try write(text, to: "\(tool).out", on: "t")
    }

    /// Every stand-in call, in order: the tool's name, a space, its arguments as cmd passed them.
    var calls: [String] {
        (read("calls.log", on: "t") ?? "").split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs `command` in cmd.exe with the stand-ins first on the path; a run longer than `timeout`
    /// seconds is killed and recorded as an issue (a batch file waiting for input hangs here).
    @discardableResult
    func run(_ command: String, timeout: TimeInterval = 60) throws -> Result {
        // Wine quotes arguments the C runtime's way (\"), which cmd.exe does not read: the command
        // goes into a batch file of its own instead.
        try write("@echo off\r\n\(command)\r\n", to: "zt-run.cmd", on: "t")
        return try start(["C:\\windows\\system32\\cmd.exe", "/c", "T:\\zt-run.cmd"], timeout: timeout)
    }

    /// Runs a Windows program under Wine with `arguments` as they are (no cmd.exe in between).
    func start(_ arguments: [String], timeout: TimeInterval = 60) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.wine())
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["WINEPREFIX"] = try Self.prefix().path
        environment["WINEDEBUG"] = "-all"
        environment["WINEDLLOVERRIDES"] = "mscoree,mshtml="
        environment["WINEPATH"] = "T:\\bin"
        environment["STANDIN_DIR"] = "T:"
        environment.removeValue(forKey: "DISPLAY")
        process.environment = environment
        process.currentDirectoryURL = try Self.prefix().appendingPathComponent("drive_c")
        let log = root.appendingPathComponent("cmd-output.txt")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("\(arguments.joined(separator: " ")) still ran after \(Int(timeout)) s and was stopped")
        }
        process.waitUntilExit()
        try handle.close()
        return Result(status: process.terminationStatus, output: String(decoding: try Data(contentsOf: log), as: UTF8.self))
    }

    // MARK: the shared prefix and the stand-in, made once per test run

    nonisolated(unsafe) private static var made: (prefix: URL, standin: URL)?
    private static let lock = NSLock()

    static func wine() throws -> String {
        guard let path = ["/usr/bin/wine", "/usr/lib/wine/wine64"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw Missing(description: "Wine is not installed; run Scripts/setup test (it installs wine and gcc-mingw-w64-x86-64)")
        }
        return path
    }

    static func prefix() throws -> URL { try setUp().prefix }
    static func standin() throws -> URL { try setUp().standin }

    private static func setUp(filePath: String = #filePath) throws -> (prefix: URL, standin: URL) {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let build = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("../../.build/wine")
        try FileManager.default.createDirectory(at: build, withIntermediateDirectories: true)
        let source = try #require(Bundle.module.url(forResource: "Fixtures/wine/standin", withExtension: "c"))
        let standin = build.appendingPathComponent("standin.exe")
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/x86_64-w64-mingw32-gcc")
        guard FileManager.default.isExecutableFile(atPath: compiler.executableURL!.path) else {
            throw Missing(description: "x86_64-w64-mingw32-gcc is not installed; run Scripts/setup test (package gcc-mingw-w64-x86-64)")
        }
        compiler.arguments = ["-O1", "-o", standin.path, source.path]
        try compiler.run()
        compiler.waitUntilExit()
        guard compiler.terminationStatus == 0 else { throw Missing(description: "the stand-in did not compile") }
        let prefix = build.appendingPathComponent("prefix").standardizedFileURL
        // A fresh prefix takes a few seconds to make; later runs reuse it.
        if !FileManager.default.fileExists(atPath: prefix.appendingPathComponent("system.reg").path) {
            let boot = Process()
            boot.executableURL = URL(fileURLWithPath: try wine())
            boot.arguments = ["wineboot", "--init"]
            boot.environment = ProcessInfo.processInfo.environment.merging(
                ["WINEPREFIX": prefix.path, "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml="]) { $1 }
            boot.standardOutput = FileHandle.nullDevice
            boot.standardError = FileHandle.nullDevice
            try boot.run()
            boot.waitUntilExit()
        }
        made = (prefix, standin.standardizedFileURL)
        return made!
    }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }
}
