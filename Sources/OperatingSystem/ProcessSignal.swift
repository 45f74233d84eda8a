#if canImport(Glibc)
import Glibc
#endif
public import SystemPackage

/// Signals to other processes (a daemon told to re-read its files).
public enum ProcessSignal {
    /// Sends SIGHUP to `pid`.
    public static func hangUp(_ pid: Int32) throws(Errno) {
        guard kill(pid, SIGHUP) == 0 else { throw Errno(rawValue: errno) }
    }
}
