import Crypto
#if canImport(Glibc)
import Glibc
#endif

/// A local file read in order, for an upload: its size, a digest of its start, its bytes.
final class SourceFile {
    let path: String
    let size: Int
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw OrchestrationError("cannot open '\(path)': \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw OrchestrationError("'\(path)' is not a regular file")
        }
        size = Int(info.st_size)
    }

    deinit {
        close(fd)
    }

    func seek(to offset: Int) throws {
        guard lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else { throw failure("seek in") }
    }

    /// Fills as much of `buffer` as the file has left; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var done = 0
        while done < buffer.count {
            let count = Glibc.read(fd, buffer.baseAddress! + done, buffer.count - done)
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read")
            }
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// SHA-256 of the first `count` bytes, left open for more; the file is then at `count`.
    func digest(upTo count: Int) throws -> SHA256 {
        try seek(to: 0)
        var hash = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var done = 0
        while done < count {
            let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, count - done)]))
            guard got > 0 else { throw OrchestrationError("'\(path)' ended at \(done) bytes, before \(count)") }
            hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<got]))
            done += got
        }
        return hash
    }

    private func failure(_ operation: String) -> OrchestrationError {
        OrchestrationError("cannot \(operation) '\(path)': \(String(cString: strerror(errno)))")
    }
}
