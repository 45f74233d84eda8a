#if canImport(Glibc)
import Glibc
#endif

/// An open file on the share (`SMBCFILE`), closed exactly once: by `close()`, or by `deinit` when
/// an error left it open.
public final class SMBFile {
    private var handle: OpaquePointer?
    public let url: String
    private let context: SMBContext

    init(handle: OpaquePointer, url: String, context: SMBContext) {
        self.handle = handle
        self.url = url
        self.context = context
    }

    deinit {
        if let handle { _ = context.close(handle) }
    }

    /// `smbc_read`. Callers ask for at most the bytes left before the end of the file: one read that
    /// crosses the end can break the connection (PLATFORM-NOTES).
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SMBError) -> Int {
        let count = context.read(try open(), into: buffer)
        guard count >= 0 else { throw SMBError(operation: "read", url: url, code: errno) }
        return count
    }

    /// Fills `buffer` from the file's current position, or throws: a short file is an error here.
    public func readExactly(into buffer: UnsafeMutableRawBufferPointer) throws(SMBError) {
        var done = 0
        while done < buffer.count {
            // Pieces of at most 1 MiB: libsmbclient splits larger reads anyway.
            let count = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[done..<min(buffer.count, done + (1 << 20))]))
            guard count > 0 else { throw SMBError(operation: "read (the file ended early)", url: url, code: EIO) }
            done += count
        }
    }

    /// `smbc_write`, repeated until every byte is written.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(SMBError) {
        var done = 0
        while done < bytes.count {
            let count = context.write(try open(), from: UnsafeRawBufferPointer(rebasing: bytes[done...]))
            guard count > 0 else { throw SMBError(operation: "write", url: url, code: count < 0 ? errno : EIO) }
            done += count
        }
    }

    public func write(_ bytes: [UInt8]) throws(SMBError) {
        var failure: SMBError?
        bytes.withUnsafeBytes { buffer in
            do throws(SMBError) { try write(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// `smbc_lseek` from the start.
    public func seek(to offset: Int) throws(SMBError) {
        guard context.seek(try open(), to: offset) == offset else { throw SMBError(operation: "seek in", url: url, code: errno) }
    }

    /// `smbc_close`. A failed close can mean the last writes did not reach the server.
    public func close() throws(SMBError) {
        guard let open = handle else { return }
        handle = nil
        guard context.close(open) == 0 else { throw SMBError(operation: "close", url: url, code: errno) }
    }

    private func open() throws(SMBError) -> OpaquePointer {
        guard let handle else { throw SMBError(operation: "use", url: url, code: EBADF) }
        return handle
    }
}
