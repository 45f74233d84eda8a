#if canImport(Glibc)
import Glibc
#endif

/// The process's standard error, written straight to its descriptor (no buffering to lose on exit).
public enum StandardError {
    /// Whether it is a terminal (progress is drawn only there).
    public static var isTerminal: Bool { isatty(2) == 1 }

    public static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            offset += count
        }
    }
}
