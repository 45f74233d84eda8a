public import Fleet
public import Render

/// Compares what should be on a root with what the manifest says we wrote and what is really there.
public enum Planner {
    /// Which manifest entries a plan may delete.
    public enum Scope: Sendable {
        /// A whole apply: anything we own that is not desired goes.
        case everything
        /// A host command: only files owned by these hosts (primary MAC, canonical) are considered.
        case owners(Set<FileOwner>)
    }

    public static func plan(desired: [Artifact], manifest: Manifest, target: some PublishTarget,
                            root: PublishRoot, scope: Scope) throws(PublishError) -> [PlannedChange] {
        var changes: [PlannedChange] = []
        changes.reserveCapacity(desired.count)
        var wanted = Set<String>()
        let sizes = try target.sizes(of: desired.map(\.path))
        for artifact in desired {
            wanted.insert(artifact.path)
            let digest = Digest.sha256(artifact.content)
            let owner = artifact.owner
            let onDisk = sizes[artifact.path]
            let action: PlannedChange.Action
            if let known = manifest.entries[artifact.path] {
                if known.digest == digest && onDisk == artifact.content.count {
                    action = known.owner == owner ? .unchanged : .adopt
                } else {
                    action = onDisk == nil ? .create : .update
                }
            } else if let size = onDisk {
                var same = false
                if size == artifact.content.count { same = try target.read(artifact.path) == artifact.content }
                action = same ? .adopt : .conflict
            } else {
                action = .create
            }
            changes.append(PlannedChange(action: action, root: root, path: artifact.path, owner: owner,
                                         artifact: action == .unchanged || action == .adopt ? nil : artifact, digest: digest))
        }
        for (path, entry) in manifest.entries where !wanted.contains(path) {
            if case .owners(let owners) = scope, !owners.contains(entry.owner) { continue }
            changes.append(PlannedChange(action: .delete, root: root, path: path, owner: entry.owner, artifact: nil, digest: nil))
        }
        return changes
    }
}
