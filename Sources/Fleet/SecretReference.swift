/// Where a secret comes from: an environment variable or a file, named in the config. The value
/// itself is never in the fleet file, the inventory, a log line or an error message.
public enum SecretReference: Codable, Sendable, Hashable, CustomStringConvertible {
    case environment(String)
    /// Absolute path; the file's content without a trailing newline.
    case file(String)

    public var description: String {
        switch self {
        case .environment(let name): "environment variable \(name)"
        case .file(let path): "file \(path)"
        }
    }
}
