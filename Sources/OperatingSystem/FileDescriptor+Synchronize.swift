#if canImport(Glibc)
import Glibc
#endif
public import SystemPackage

extension FileDescriptor {
    /// `fsync`: what was written is on the disk when this returns.
    public func synchronize() throws(Errno) {
        guard fsync(rawValue) == 0 else { throw Errno(rawValue: errno) }
    }
}
