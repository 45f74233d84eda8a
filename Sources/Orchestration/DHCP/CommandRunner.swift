import Foundation

/// Runs a program with an argument vector (never through a shell) and collects its output.
enum CommandRunner {
    struct Result {
        let status: Int32
        let output: String
    }

    static func run(_ arguments: [String]) throws(OrchestrationError) -> Result {
        guard let program = arguments.first, let executable = locate(program) else {
            throw OrchestrationError("cannot find the program '\(arguments.first ?? "")' in PATH, /usr/sbin or /sbin")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw OrchestrationError("cannot start '\(executable)': \(error.localizedDescription)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// `name` as given when it holds a slash, else the first executable of that name in PATH,
    /// then /usr/sbin and /sbin (where dhcpd lives, often outside a user's PATH).
    static func locate(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
