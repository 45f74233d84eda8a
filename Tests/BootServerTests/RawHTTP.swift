import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a plain socket, so tests send exactly the bytes they mean
/// (URL libraries tidy `..` and `%2e` away before a server could refuse them).
struct HTTPReply {
    let status: Int
    /// Lower-cased names.
    let headers: [String: String]
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
}

enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func request(port: Int, _ method: String, _ target: String, headers: [String: String] = [:], body: [UInt8] = []) async throws -> HTTPReply {
        // A thread per request: blocking reads on GCD's shared threads would starve Swift's own
        // executor, which runs on them too, and with it the server under test.
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try send(port: port, method, target, headers: headers, body: body) })
            }.start()
        }
    }

    static func get(port: Int, _ target: String, headers: [String: String] = [:]) async throws -> HTTPReply {
        try await request(port: port, "GET", target, headers: headers)
    }

    static func post(port: Int, _ target: String, json: String, token: String?) async throws -> HTTPReply {
        var headers = ["Content-Type": "application/json"]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try await request(port: port, "POST", target, headers: headers, body: Array(json.utf8))
    }

    static func send(port: Int, _ method: String, _ target: String, headers: [String: String], body: [UInt8]) throws -> HTTPReply {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        return try parse(exchange(port: port, Array((head + "\r\n").utf8) + body))
    }

    /// Sends `bytes` as they are on one connection and reads until the server closes it.
    /// `halfClose`: says it has sent everything (shuts its side down) once they are sent.
    /// A server silent for `patience` seconds is a failure.
    static func exchange(port: Int, _ bytes: [UInt8], halfClose: Bool = false, patience: Int = 120) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)") }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure(description: "write: errno \(errno)") }
            sent += count
        }
        if halfClose { shutdown(fd, Int32(SHUT_WR)) }
        var silence = timeval(tv_sec: patience, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &silence, socklen_t(MemoryLayout<timeval>.size))
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EAGAIN { throw Failure(description: "the server kept the connection open; read so far: \(String(decoding: reply, as: UTF8.self))") }
            if count <= 0 { break }
            reply += buffer[..<count]
        }
        return reply
    }

    static func parse(_ reply: [UInt8]) throws -> HTTPReply {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, reply.count - 3)).first(where: { Array(reply[$0..<$0 + 4]) == separator }) else {
            throw Failure(description: "no complete response head in \(reply.count) bytes")
        }
        let lines = String(decoding: reply[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusWords = lines[0].split(separator: " ")
        guard statusWords.count >= 2, let status = Int(statusWords[1]) else { throw Failure(description: "bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPReply(status: status, headers: headers, body: Array(reply[(end + 4)...]))
    }
}
