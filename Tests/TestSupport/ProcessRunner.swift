public import Foundation

/// What a finished program left: its exit status and its two outputs.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Both outputs, as a terminal would show them (stdout first).
    public var output: String { stdout + stderr }
}

/// Runs a program to its end: the one way tests start a short-lived process.
///
/// Output goes to files, not pipes: a daemon another test starts at the same moment inherits
/// open descriptors, and a pipe it holds would never reach end-of-file.
public enum ProcessRunner {
    /// - Parameters:
    ///   - program: an absolute path, or a name looked for in /usr/sbin, /usr/bin, /sbin, /bin.
    ///   - environment: added to this process's environment for the child only.
    ///   - directory: the child's working folder.
    ///   - input: written to its stdin, which is closed after; without it, stdin is /dev/null.
    @discardableResult
    public static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:],
                           directory: URL? = nil, input: String? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try locate(program))
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let name = UUID().uuidString
        let outURL = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("zt-out-\(name)")
        let errURL = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("zt-err-\(name)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let pipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : pipe
        try process.run()
        if let input {
            pipe.fileHandleForWriting.write(Data(input.utf8))
            try pipe.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return ProcessResult(status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8),
                             stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// The program's path; a program that is not installed is a failure that says how to get it.
    public static func locate(_ program: String) throws -> String {
        if program.hasPrefix("/") || program.hasPrefix(".") { return program }
        guard let path = ["/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"].map({ $0 + program }).first(where: FileManager.default.isExecutableFile) else {
            throw Missing(description: "\(program) is not installed; run Scripts/setup test, which installs every program the tests use")
        }
        return path
    }

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }
}
