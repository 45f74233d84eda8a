import BootRequests
import Hummingbird
import NIOCore
import NIOPosix
import OperatingSystem

/// A regular file beneath one of the roots, found and read without following a link below the
/// root (`BeneathRoot`), so a link inside `http_root` that points elsewhere is never served.
/// Reads happen on NIO's blocking-I/O pool, a chunk at a time.
struct ServedFile: Sendable {
    let beneath: BeneathRoot
    let relative: String
    let size: Int

    /// `nil` when there is no regular file at `relative`, or a link stands on the way.
    init?(root: String, relative: String) {
        beneath = BeneathRoot(root)
        self.relative = relative
        guard let status = try? beneath.status(of: relative), status.isRegularFile else { return nil }
        size = status.size
    }

    struct Vanished: Error {}

    /// The bytes of `range`, in chunks of at most `chunk` bytes. The file is opened again here, beneath
    /// the root: a file swapped for a link since it was found is refused.
    func body(_ range: ByteRange, chunk: Int) -> ResponseBody {
        ResponseBody(contentLength: range.count) { [self] writer in
            let pool = NIOThreadPool.singleton
            guard let file = try await pool.runIfActive({ try beneath.open(relative) }) else { throw Vanished() }
            var offset = range.first
            while offset <= range.last {
                let count = min(chunk, range.last + 1 - offset)
                let start = offset
                let buffer = try await pool.runIfActive { () throws -> ByteBuffer in
                    var buffer = ByteBufferAllocator().buffer(capacity: count)
                    let got = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) {
                        try file.read(at: start, into: UnsafeMutableRawBufferPointer(rebasing: $0[..<count]))
                    }
                    guard got > 0 else { throw Vanished() }
                    return buffer
                }
                offset += buffer.readableBytes
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
        }
    }
}
