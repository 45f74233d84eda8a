#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// An exclusive lock on a folder (`FOLDER/lock`, an `flock`), so two runs that write the same state
/// never interleave. Released when the value goes, or when the process exits, even on a crash.
public final class StateLock {
    private let descriptor: FileDescriptor

    /// Another process held the lock for longer than the caller would wait.
    public struct Busy: Error, Sendable {
        public let path: String
    }

    /// Waits until the lock on `directory/lock` is ours (creating the file when missing), at most
    /// `limit` seconds when given; then throws `Busy`.
    public init(directory: String, waitingAtMost limit: Double? = nil) throws {
        let path = directory + "/lock"
        do {
            descriptor = try FileDescriptor.open(path, .readWrite, options: [.create, .closeOnExec], permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw FileError("open the lock file", path, error as? Errno ?? .ioError)
        }
        var waited = 0.0
        while flock(descriptor.rawValue, LOCK_EX | (limit == nil ? 0 : LOCK_NB)) != 0 {
            let code = Errno(rawValue: errno)
            if code == .interrupted { continue }
            if code == .wouldBlock, let limit, waited < limit {
                usleep(20_000)
                waited += 0.02
                continue
            }
            try? descriptor.close()
            if code == .wouldBlock { throw Busy(path: path) }
            throw FileError("lock", path, code)
        }
    }

    deinit {
        try? descriptor.close()
    }
}
