public import SystemPackage

/// A file operation the system refused: what was being done, where, and the system's own code.
public struct FileError: Error, Sendable, CustomStringConvertible {
    /// In words: "create", "write", "rename into place", …
    public let operation: String
    /// The full path of what failed (for a folder on the way, that folder).
    public let path: String
    public let errno: Errno
    /// What failed is a symbolic link, refused beneath a root.
    public let isLink: Bool

    public init(_ operation: String, _ path: String, _ errno: Errno, isLink: Bool = false) {
        self.operation = operation
        self.path = path
        self.errno = errno
        self.isLink = isLink
    }

    /// The system's text and the code's name: "No such file or directory (ENOENT)".
    public var reason: String { "\(errno.description) (\(errno.name))" }

    public var description: String { "cannot \(operation) '\(path)': \(reason)" }
}
