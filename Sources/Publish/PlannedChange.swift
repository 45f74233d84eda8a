public import Fleet
public import Render

/// What publishing will do to one file.
public struct PlannedChange: Sendable {
    public enum Action: String, Sendable {
        /// New file.
        case create
        /// Our file, content differs (or it went missing or was edited by hand).
        case update
        /// Our file, no longer wanted.
        case delete
        /// Our file, already right: nothing is written.
        case unchanged
        /// A file we did not write that already holds exactly the wanted content: recorded as ours, not written.
        case adopt
        /// A file we did not write, with other content, where we want to write: refused unless adopted.
        case conflict
    }

    public let action: Action
    public let root: PublishRoot
    public let path: String
    public let owner: FileOwner
    /// The content to write for create/update/conflict; `nil` otherwise.
    public let artifact: Artifact?
    public let digest: String?

    public init(action: Action, root: PublishRoot, path: String, owner: FileOwner, artifact: Artifact?, digest: String?) {
        self.action = action
        self.root = root
        self.path = path
        self.owner = owner
        self.artifact = artifact
        self.digest = digest
    }

    /// The path as the operator knows it: relative to its root, or absolute for the DHCP files.
    public var displayPath: String { root == .dhcp ? "/" + path : path }

    /// Whether applying this change touches the target or the manifest.
    public var isChange: Bool { action != .unchanged }

    /// The manifest entry after this change is applied; `nil` for a delete.
    public var resultingEntry: ManifestEntry? {
        guard action != .delete, let digest else { return nil }
        return ManifestEntry(digest: digest, size: artifact?.content.count ?? 0, owner: owner)
    }
}
