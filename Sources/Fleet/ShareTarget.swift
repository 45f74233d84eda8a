/// Where the share's files are published: a local folder (the share exported from this machine, or
/// mounted here) or an SMB server reached through libsmbclient.
public enum ShareTarget: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Absolute path.
    case folder(String)
    case smb(SMBLocation)

    public var description: String {
        switch self {
        case .folder(let path): path
        case .smb(let location): location.description
        }
    }
}
