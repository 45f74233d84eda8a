public import Crypto

/// A local file read in order, for an upload: its size, a digest of its start, its bytes.
public final class SourceFile {
    public let path: String
    public let size: Int
    private let file: OpenFile
    private var position = 0

    public init(path: String) throws {
        self.path = path
        file = try OpenFile(path: path)
        let status = try file.status()
        guard status.isRegularFile else { throw Unusable(description: "'\(path)' is not a regular file; give the path of the image file itself") }
        size = status.size
    }

    /// Not a file to upload, or shorter than it was when its size was taken.
    public struct Unusable: Error, CustomStringConvertible {
        public let description: String
    }

    public func seek(to offset: Int) {
        position = offset
    }

    /// Fills as much of `buffer` as the file has left; 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FileError) -> Int {
        let count = try file.read(at: position, into: buffer)
        position += count
        return count
    }

    /// SHA-256 of the first `count` bytes, left open for more; the file is then at `count`.
    public func digest(upTo count: Int) throws -> SHA256 {
        seek(to: 0)
        var hash = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var done = 0
        while done < count {
            let got = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, count - done)]))
            guard got > 0 else { throw Unusable(description: "'\(path)' ended at \(done) bytes, before \(count)") }
            hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<got]))
            done += got
        }
        return hash
    }
}
