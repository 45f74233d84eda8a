/// What `stat` says of a name on the share.
public struct SMBFileStatus: Sendable, Equatable {
    public let size: Int
    public let isDirectory: Bool
    public let isRegularFile: Bool
}
