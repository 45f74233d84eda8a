/// One name in a folder on the share.
public struct SMBDirectoryEntry: Sendable, Equatable {
    public let name: String
    public let size: Int
    public let isDirectory: Bool
}
