import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Render
import TestSupport
import Testing

/// ready.js run by Wine's real cscript.exe (JScript and MSXML's ServerXMLHTTP, as on Windows)
/// against a stand-in server on loopback that answers with chosen status codes.
@Suite(.serialized)
struct ReadyScriptTests {
    struct Request: Decodable, Equatable {
        let path: String
        let authorization: String?
        let type: String?
        let body: String
    }

    static let token = "0123456789abcdef0123456789abcdef"

    /// Runs ready.js against a server answering `codes`; returns the requests, the exit status and
    /// whether the script is still on disk.
    static func run(codes: [Int], attempts: Int = 3) throws -> (requests: [Request], status: Int32, kept: Bool, output: String) {
        let lab = try WineCmd(drives: [])
        let log = lab.root.appendingPathComponent("requests.log")
        let listener = Process()
        listener.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        listener.standardOutput = FileHandle.nullDevice
        listener.standardError = FileHandle.nullDevice
        listener.arguments = [Bundle.module.url(forResource: "Fixtures/wine/listener", withExtension: "py")!.path, log.path,
                              codes.map(String.init).joined(separator: ",")]
        try listener.run()
        // SIGKILL: Python's HTTP server does not stop on SIGTERM while it waits for a request.
        defer { kill(listener.processIdentifier, SIGKILL); listener.waitUntilExit() }
        var port: String?
        _ = Poll.until {
            port = (try? String(contentsOf: URL(fileURLWithPath: log.path + ".port"), encoding: .utf8)).flatMap { $0.isEmpty ? nil : $0 }
            return port != nil
        }
        let url = "http://127.0.0.1:\(try #require(port))/api/v1/hosts/08-00-27-b2-40-3e/events"
        try lab.write(ReadyScript.render(url: url, token: token, attempts: attempts, pauseMilliseconds: 200), to: "ZeroTouch/ready.js", on: "t")
        let result = try lab.start(["cscript", "//nologo", "T:\\ZeroTouch\\ready.js"], timeout: 30)
        let lines = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n") ?? []
        let requests = try lines.map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
        return (requests, result.status, lab.exists("ZeroTouch/ready.js", on: "t"), result.output)
    }

    static let ready = Request(path: "/api/v1/hosts/08-00-27-b2-40-3e/events", authorization: "Bearer \(token)", type: "application/json",
                               body: "{\"event\": \"ready\", \"message\": \"first logon\"}")

    @Test func postsReadyWithTheTokenAndRemovesItself() throws {
        let run = try Self.run(codes: [200])
        #expect(run.requests == [Self.ready], "\(run.output)")
        #expect(run.status == 0 && !run.kept, "the token leaves the disk once the server took the event")
    }

    // Not asserted here: the retries. Wine 8's ServerXMLHTTP reports a 503 answer, and a refused
    // connection, as a success (one request, exit 0), which Windows' MSXML does not; the retry loop
    // is left to a test on real Windows.

    @Test func anEventTheServerHasAlreadyCountsAsDoneAndARefusalStops() throws {
        let replay = try Self.run(codes: [409])
        #expect(replay.requests.count == 1 && replay.status == 0 && !replay.kept)
        let refused = try Self.run(codes: [401])
        #expect(refused.requests.count == 1 && refused.status == 2 && refused.kept)
    }

    @Test func valuesAreJScriptLiterals() {
        let text = ReadyScript.render(url: "http://h/\"quote\\back\u{e9}", token: "t")
        #expect(text.contains("var url = \"http://h/\\\"quote\\\\back\\u00e9\";"))
        #expect(text.allSatisfy { $0.isASCII }, "Windows Script Host reads the file in the system's code page")
        #expect(ReadyScript.command == "cmd /c cscript //nologo //B %SystemDrive%\\ZeroTouch\\ready.js")
    }
}
