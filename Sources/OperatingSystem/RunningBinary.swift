#if canImport(Glibc)
import Glibc
#endif

/// The program this process runs.
public enum RunningBinary {
    /// Its device, inode, size and modification time: a rebuild or an upgrade is a new identity.
    /// `nil` when it cannot be looked at.
    public static let identity: String? = {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return nil }
        return "\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }()
}
