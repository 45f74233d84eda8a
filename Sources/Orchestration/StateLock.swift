#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on the state folder, so two `apply` runs (or an apply and a host command) never
/// interleave their writes. Released when the process exits, even on a crash.
final class StateLock {
    private let fd: Int32

    /// Waits until the lock on `directory/lock` is ours (creating the file when missing), at most
    /// `limit` seconds when given; then throws `Deferred`.
    init(directory: String, waitingAtMost limit: Double? = nil) throws {
        let path = directory + "/lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OrchestrationError("cannot open the lock file '\(path)': \(String(cString: strerror(errno)))")
        }
        var waited = 0.0
        while flock(fd, LOCK_EX | (limit == nil ? 0 : LOCK_NB)) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK, let limit, waited < limit {
                usleep(20_000)
                waited += 0.02
                continue
            }
            close(fd)
            if code == EWOULDBLOCK {
                throw Deferred("another run (an apply or a host command) holds \(path) for longer than \(limit ?? 0) s")
            }
            throw OrchestrationError("cannot lock '\(path)': \(String(cString: strerror(code)))")
        }
    }

    deinit {
        close(fd)
    }
}
