import Fleet
import Inventory
import Publish
import Render

/// The write half every change shares: host records into the inventory, files onto the roots with
/// the manifest following what took effect, and, after a host change, the DHCP files.
struct SitePublisher {
    let session: SiteSession

    /// Records `changes` in one transaction. Removals and the NICs of updated hosts go first: a NIC
    /// may move to another host.
    func record(_ changes: [HostChange], in inventory: any InventoryStore) throws {
        guard !changes.isEmpty else { return }
        try inventory.write("record host changes") { transaction in
            for case .remove(let record, let detail) in changes {
                try transaction.delete(id: record.id, mac: record.host.primaryMAC, event: detail)
            }
            try transaction.releaseNICs(of: changes.compactMap { if case .update(let record, _, _, _, _) = $0 { record.id } else { nil } })
            for change in changes {
                switch change {
                case .add(let host, let state, let detail):
                    try transaction.insert(host, origin: .file, declaredMode: host.mode, state: state, event: detail)
                case .update(let record, let host, let declaredMode, let state, let detail):
                    try transaction.update(id: record.id, host, origin: .file, declaredMode: declaredMode, state: state, kind: .changed, event: detail)
                case .remove:
                    break
                }
            }
        }
    }

    /// Writes `changes` to the root, then records in the manifest what took effect, even after a failure.
    func publish(_ changes: [PlannedChange], root: PublishRoot, inventory: any InventoryStore) throws {
        guard !changes.isEmpty else { return }
        var done: [PlannedChange]
        var failure: PublishError?
        let destination = try session.target(root)
        let writing = InterruptedWrites(stateDirectory: session.site.stateDirectory)
        try writing.begin(root, folders: Set(changes.map { InterruptedWrites.folder(of: $0.path) }))
        do throws(PublishFailure) {
            done = try Publisher.apply(changes, to: destination)
        } catch {
            done = error.completed
            failure = error.error
        }
        try inventory.write("record published files") { transaction in
            for change in done {
                let entry = change.resultingEntry
                try transaction.recordPublished(root: root.rawValue, path: change.path, file: entry.map {
                    PublishedFile(root: root.rawValue, path: change.path, digest: $0.digest, size: $0.size, owner: $0.owner)
                })
            }
        }
        // After a failure the note stays: a write that failed half-way may have left its temporary
        // file, and the next run looks for it.
        if let failure {
            throw OrchestrationError("\(failure). \(done.count) of \(changes.count) changes on the \(root.rawValue) root were made; fix the cause and run apply again to finish.")
        }
        writing.end()
    }

    /// Publishes `desired` (empty for a removal), touching only files owned by `owners`, then the DHCP
    /// files unless the change cannot touch them (`dhcp` false: reservations depend on neither mode nor state).
    func publish(_ desired: [PublishRoot: [Artifact]], owners: Set<FileOwner>, locked: LockedSite, dhcp: Bool = true) throws -> [PlannedChange] {
        var applied: [PlannedChange] = []
        for root in PublishRoot.allCases where root != .dhcp {
            applied += try publishPlanned(desired[root] ?? [], root: root, scope: .owners(owners), inventory: try locked.inventory())
        }
        guard dhcp else { return applied }
        let reservations = DHCPReservations(session: session)
        let written = try reservations.publish(inventory: try locked.inventory())
        locked.notices += try reservations.notify(written, restart: false)
        return applied + written
    }

    /// Plans `desired` against what the manifest says the root holds within `scope`, refuses files
    /// ZeroTouch did not write, and writes the rest. Returns the changes made.
    func publishPlanned(_ desired: [Artifact], root: PublishRoot, scope: Planner.Scope, inventory: any InventoryStore) throws -> [PlannedChange] {
        let owners: Set<FileOwner>? = if case .owners(let owners) = scope { owners } else { nil }
        let manifest = try Self.manifest(of: root, inventory: inventory, owners: owners)
        if desired.isEmpty && manifest.entries.isEmpty { return [] }
        let changes = try Planner.plan(desired: desired, manifest: manifest, target: session.target(root), root: root, scope: scope)
        try refuse(changes.filter { $0.action == .conflict }, adopt: false)
        let writes = changes.filter(\.isChange)
        try publish(writes, root: root, inventory: inventory)
        return writes
    }

    /// Throws, naming up to ten, when `conflicts` holds files ZeroTouch did not write, unless `adopt`.
    func refuse(_ conflicts: [PlannedChange], adopt: Bool) throws {
        guard !conflicts.isEmpty, !adopt else { return }
        let list = try conflicts.prefix(10).map { "  \(try session.target($0.root).location(of: $0.path))" }.joined(separator: "\n")
        let more = conflicts.count > 10 ? "\n  … and \(conflicts.count - 10) more" : ""
        throw OrchestrationError("""
            refusing to overwrite \(conflicts.count) file(s) that ZeroTouch did not write:
            \(list)\(more)
            Nothing was written. Move them away, or run 'zerotouch apply --adopt' to replace them and manage them from now on.
            """)
    }

    /// What the inventory says `root` holds, of `owners` only when given.
    static func manifest(of root: PublishRoot, inventory: (any InventoryStore)?, owners: Set<FileOwner>?) throws -> Manifest {
        var entries: [String: ManifestEntry] = [:]
        for file in try inventory?.publishedFiles(root: root.rawValue, owners: owners) ?? [] {
            entries[file.path] = ManifestEntry(digest: file.digest, size: file.size, owner: file.owner)
        }
        return Manifest(entries: entries)
    }
}
