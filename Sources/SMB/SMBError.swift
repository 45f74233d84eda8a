#if canImport(Glibc)
import Glibc
#endif
import OperatingSystem
import SystemPackage

/// A libsmbclient call that failed: the operation, the smb:// URL (never with credentials) and the
/// errno libsmbclient mapped the NT status to, in words, with what a sysadmin can do about it.
public struct SMBError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let url: String
    public let code: Int32
    /// Said instead of the errno's words when the failure is not a call's (the library would not load).
    let detail: String?

    public init(operation: String, url: String, code: Int32, detail: String? = nil) {
        self.operation = operation
        self.url = url
        self.code = code
        self.detail = detail
    }

    /// What went wrong, as the share's operator would put it.
    public enum Kind: Sendable, Equatable {
        /// The server refused the account: wrong user, password or domain.
        case accessDenied
        case notFound
        case exists
        case unreachable
        /// The connection broke or timed out; worth another try.
        case connectionLost
        case noSpace
        case busy
        case other
    }

    public var kind: Kind {
        switch code {
        case EACCES, EPERM, EROFS: .accessDenied
        case ENOENT, ENOTDIR, ENODEV: .notFound
        case EEXIST, ENOTEMPTY: .exists
        case ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EHOSTDOWN: .unreachable
        case ECONNRESET, ECONNABORTED, EPIPE, ENOTCONN, ETIMEDOUT, EIO: .connectionLost
        case ENOSPC, EDQUOT: .noSpace
        case EBUSY, ETXTBSY: .busy
        default: .other
        }
    }

    /// A broken connection or a server that is restarting: another attempt on a new connection may work.
    public var isTransient: Bool { kind == .connectionLost || kind == .unreachable }

    public var description: String { "cannot \(operation)\(url.isEmpty ? "" : " " + url): \(reason)" }

    /// Why, in words, with the errno's name and what to do.
    public var reason: String { detail ?? "\(String(cString: strerror(code))) (\(Self.name(of: code)))\(advice)" }

    private var advice: String {
        switch kind {
        case .accessDenied: "; check the account's user name, password and domain, and that it may write to the share"
        case .notFound: ""
        case .unreachable: "; check that the server is up, that the name resolves and that smbd listens on the port in the URL"
        case .connectionLost: "; the connection to the server broke or timed out, retried without success"
        case .noSpace: "; the share is full"
        case .busy: "; a client has the file open (WinPE reading it?); try again when it is done"
        case .exists, .other: ""
        }
    }

    static func name(of code: Int32) -> String {
        Errno(rawValue: code).name
    }
}
