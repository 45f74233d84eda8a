#if canImport(Glibc)
import Glibc
#endif
public import SystemPackage

/// A file open for reading, closed when the last reference goes: reads at an offset (`pread`), so
/// several readers may share it, or in order.
public final class OpenFile: Sendable {
    public let descriptor: FileDescriptor
    /// The file's full path, for messages.
    public let path: String

    init(_ descriptor: FileDescriptor, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Opens the file at `path` (links followed: a path the administrator gave).
    public convenience init(path: String) throws(FileError) {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(path, .readOnly, options: [.closeOnExec])
        } catch {
            throw FileError("open", path, error as? Errno ?? .ioError)
        }
        self.init(descriptor, path: path)
    }

    deinit { try? descriptor.close() }

    /// `fstat`: the owner, the permission bits, the size.
    public func status() throws(FileError) -> BeneathRoot.Status {
        var info = stat()
        guard fstat(descriptor.rawValue, &info) == 0 else { throw FileError("inspect", path, Errno(rawValue: errno)) }
        return BeneathRoot.Status(isRegularFile: info.st_mode & S_IFMT == S_IFREG, size: Int(info.st_size), owner: info.st_uid, permissions: info.st_mode & 0o7777)
    }

    /// Fills as much of `buffer` as the file has from `offset` on; fewer bytes only at its end.
    public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(FileError) -> Int {
        var done = 0
        while done < buffer.count {
            let count: Int
            do {
                count = try descriptor.read(fromAbsoluteOffset: Int64(offset + done), into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
            } catch {
                throw FileError("read", path, error as? Errno ?? .ioError)
            }
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// Everything from the start.
    public func readAll() throws(FileError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try chunk.withUnsafeMutableBytes { buffer in Result { () throws(FileError) in try read(at: bytes.count, into: buffer) } }.get()
            bytes += chunk[..<count]
            if count < chunk.count { return bytes }
        }
    }

    /// The user this process runs as, to compare with `status().owner`.
    public static var currentUser: UInt32 { geteuid() }
}
