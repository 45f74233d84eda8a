#if canImport(Glibc)
import Glibc
#endif
public import SystemPackage

extension Errno {
    /// The code's C name, which a sysadmin searches for ("ENOSPC"); others by number.
    public var name: String {
        Self.names[rawValue] ?? "errno \(rawValue)"
    }

    private static let names: [Int32: String] = [
        Glibc.EACCES: "EACCES", Glibc.EPERM: "EPERM", Glibc.EROFS: "EROFS", Glibc.ENOENT: "ENOENT", Glibc.ENOTDIR: "ENOTDIR", Glibc.ENODEV: "ENODEV",
        Glibc.EEXIST: "EEXIST", Glibc.ENOTEMPTY: "ENOTEMPTY", Glibc.ECONNREFUSED: "ECONNREFUSED", Glibc.EHOSTUNREACH: "EHOSTUNREACH",
        Glibc.ENETUNREACH: "ENETUNREACH", Glibc.EHOSTDOWN: "EHOSTDOWN", Glibc.ECONNRESET: "ECONNRESET", Glibc.ECONNABORTED: "ECONNABORTED",
        Glibc.EPIPE: "EPIPE", Glibc.ENOTCONN: "ENOTCONN", Glibc.ETIMEDOUT: "ETIMEDOUT", Glibc.EIO: "EIO", Glibc.ENOSPC: "ENOSPC", Glibc.EDQUOT: "EDQUOT",
        Glibc.EBUSY: "EBUSY", Glibc.ETXTBSY: "ETXTBSY", Glibc.EINVAL: "EINVAL", Glibc.EISDIR: "EISDIR", Glibc.ENOMEM: "ENOMEM", Glibc.ELOOP: "ELOOP",
        Glibc.ENAMETOOLONG: "ENAMETOOLONG", Glibc.EAGAIN: "EAGAIN", Glibc.EINTR: "EINTR", Glibc.ESRCH: "ESRCH",
    ]
}
