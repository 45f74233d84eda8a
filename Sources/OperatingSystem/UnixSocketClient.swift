#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// One request and its whole answer over a Unix stream socket (Kea's control channel closes the
/// connection after answering). Calls `socket`, `connect`, `write`, `read`.
public enum UnixSocketClient {
    /// Sends `request`, then reads until the server closes or `isComplete` says the answer is whole.
    public static func exchange(path: String, request: [UInt8], timeoutSeconds: Int = 10,
                                isComplete: ([UInt8]) -> Bool) throws(FileError) -> [UInt8] {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else {
            throw FileError("use", path, Errno(rawValue: ENAMETOOLONG))
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("create a socket for", path) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw failure("connect to", path) }
        var sent = 0
        while sent < request.count {
            let count = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("send to", path)
            }
            sent += count
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read the answer from", path)
            }
            if count == 0 { return answer }
            answer += buffer[0..<count]
            if isComplete(answer) { return answer }
        }
    }

    static func failure(_ operation: String, _ path: String) -> FileError {
        FileError(operation + " the socket", path, Errno(rawValue: errno))
    }
}
