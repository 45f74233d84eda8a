#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on the state folder, so two `apply` runs (or an apply and a host command) never
/// interleave their writes. Released when the process exits, even on a crash.
final class StateLock {
    private let fd: Int32

    /// Blocks until the lock on `directory/lock` is ours; creates the file when missing.
    init(directory: String) throws(OrchestrationError) {
        let path = directory + "/lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OrchestrationError("cannot open the lock file '\(path)': \(String(cString: strerror(errno)))")
        }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(fd)
                throw OrchestrationError("cannot lock '\(path)': \(String(cString: strerror(errno)))")
            }
        }
    }

    deinit {
        close(fd)
    }
}
