import Publish

extension PublishError {
    /// Whether the share's connection failed (reset, refused, timed out, gone), so that the same
    /// write may succeed on a new connection, as against a refusal that will not change.
    var isConnectionFailure: Bool {
        ["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "ENOTCONN", "ECONNABORTED", "EIO", "EHOSTUNREACH"].contains { reason.contains("(\($0))") }
    }
}
