import Fleet
import Foundation
import Inventory
import OperatingSystem
import Publish
import Render

/// Carries out the commands: reads the fleet file and the inventory, renders, plans and publishes.
public final class Orchestrator {
    public let file: FleetFile
    /// What host commands did besides writing files (a DHCP daemon told to reload), one line each.
    public internal(set) var notices: [String] = []
    /// The share, opened once per orchestrator so its connections are reused.
    private var share: (any PublishTarget)?
    /// The site key this run renders with: the saved one, or before the first write a new one that
    /// `lockedInventory` saves, so files rendered before the lock stay valid after it.
    private var key: SiteKey?

    /// Where `password_env` secrets are looked up: this process's environment, unless given.
    let environment: [String: String]
    /// How long a change waits for the state lock and the inventory when someone else holds them,
    /// in seconds, before it is `Deferred`; `nil` waits as long as it takes (the command line).
    public var waitLimit: Double?

    /// - Parameter environment: where `password_env` secrets are read; `nil`: this process's environment.
    public init(file: FleetFile, environment: [String: String]? = nil) {
        self.file = file
        self.environment = environment ?? ProcessInfo.processInfo.environment
    }

    var config: FleetConfig { file.config }
    var site: Site { file.config.site }

    /// Runs `body`, placing its refusals where their fields are written in the fleet file: most are
    /// found while rendering (a missing base or secret), after the file itself was read.
    func locating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FleetError {
            throw config.located(error)
        }
    }

    func target(_ root: PublishRoot) throws -> any PublishTarget {
        switch root {
        case .tftp: return LocalDirectory(root: site.tftpRoot)
        case .http: return LocalDirectory(root: site.httpRoot)
        case .dhcp: return LocalDirectory(root: "/")
        case .share:
            if let share { return share }
            let opened = try ShareConnection.target(site.share, secrets: SecretResolver(environment: environment))
            share = opened
            return opened
        }
    }

    /// The inventory for reading, when it exists; `nil` before the first apply. Read-only, so
    /// asking creates nothing and changes nothing.
    func existingInventory() throws -> (any InventoryStore)? {
        guard let isFolder = LocalFile.isFolder(site.stateDirectory) else { return nil }
        guard isFolder else { throw stateRefusal("is not a folder") }
        return LocalFile.exists(file.databasePath) ? try InventoryDatabase(path: file.databasePath, readOnly: true) : nil
    }

    /// The lock on the state folder, made first when `create` is set. A folder that cannot hold it
    /// is the fleet file's `site.state` to fix.
    func lockState(create: Bool = false) throws -> StateLock {
        _ = try existingInventory()
        do {
            if create { try LocalFile.makeDirectory(site.stateDirectory) }
            return try StateLock(directory: site.stateDirectory, waitingAtMost: waitLimit)
        } catch let busy as StateLock.Busy {
            throw Deferred("another run (an apply or a host command) holds \(busy.path) for longer than \(waitLimit ?? 0) s")
        } catch {
            throw stateRefusal("cannot hold the inventory and its lock: \(error)")
        }
    }

    func stateRefusal(_ rule: String) -> FleetError {
        FleetError(ValidationIssue(field: "site.state", value: site.stateDirectory, rule: rule + " (the state folder holds the inventory, the site key and the lock)"))
    }

    /// Creates the state folder, the site key and the inventory when needed, and locks the state
    /// folder unless `held` is the lock already (a second flock on the same file would wait for
    /// ourselves). `keyChanged`: another process saved the site key after this one rendered with a
    /// new key of its own, so what was rendered must be rendered again.
    func lockedInventory(holding held: StateLock? = nil) throws -> (any InventoryStore, StateLock, keyChanged: Bool) {
        let lock = try held ?? lockState(create: true)
        let mine = try siteKey()
        var keyChanged = false
        if try !mine.save(in: site.stateDirectory), let saved = try SiteKey.stored(in: site.stateDirectory), !saved.same(as: mine) {
            key = saved
            keyChanged = true
        }
        notices += try removeInterruptedWrites()
        do {
            return (try InventoryDatabase(path: file.databasePath, busyTimeout: waitLimit), lock, keyChanged)
        } catch {
            guard error.isTransient else { throw error }
            throw Deferred("\(error)")
        }
    }

    /// The site key (loaded once), or a new one while the site has none.
    func siteKey() throws -> SiteKey {
        if let key { return key }
        let loaded = try SiteKey.stored(in: site.stateDirectory) ?? .random()
        key = loaded
        return loaded
    }

    /// The saved site key, for commands that check or hand out tokens: they must not make one.
    func savedSiteKey() throws -> SiteKey {
        guard let saved = try SiteKey.stored(in: site.stateDirectory) else {
            throw OrchestrationError("the site key (\(site.stateDirectory)/site.key) is missing; run 'zerotouch apply' to create it")
        }
        return saved
    }

    // MARK: plan and apply

    /// What `apply` would do now. Reads only. `full`: as `apply`'s.
    public func plan(full: Bool = false) throws -> ApplyPlan {
        try locating {
            let plan = try makePlan(inventory: existingInventory(), full: full)
            file.keepSnapshot()
            return plan
        }
    }

    /// Brings the inventory and every root in line with the fleet file. Refuses, writing nothing,
    /// when the plan has conflicts (files ZeroTouch did not write) unless `adopt` is set. When the
    /// DHCP files change, the daemon is told once (`restart`: ISC dhcpd may be restarted).
    /// `full`: render every host and compare every file with its root, not only what changed since
    /// the last apply (for files changed or removed behind ZeroTouch's back).
    public func apply(adopt: Bool = false, restartDHCP: Bool = false, full: Bool = false) throws -> ApplyPlan {
        try locating {
            var lock: StateLock?
            if LocalFile.exists(site.stateDirectory) { lock = try lockState() }
            var plan = try makePlan(inventory: existingInventory(), full: full)
            if !plan.conflicts.isEmpty, lock == nil, LocalFile.exists(site.stateDirectory) {
                // Planned without the lock while another apply made the state folder: the files it is
                // writing are not in its manifest yet and look like someone else's. Wait for it, then look again.
                lock = try lockState()
                plan = try makePlan(inventory: existingInventory(), full: full)
            }
            file.keepSnapshot()
            try refuseConflicts(plan, adopt: adopt)
            if plan.isEmpty && !plan.rendering.needsRecord { return plan }
            // Without the lock, the plan was made before the state folder existed. Whoever made it since
            // saved the site key first, before writing anything: a key that is not ours means plan again.
            let (inventory, held, keyChanged) = try lockedInventory(holding: lock)
            lock = held
            if keyChanged {
                plan = try makePlan(inventory: inventory, full: full)
                try refuseConflicts(plan, adopt: adopt)
            }
            try record(plan.hostChanges, in: inventory)
            for root in PublishRoot.allCases {
                try publish(plan.fileChanges.filter { $0.root == root && $0.isChange }, root: root, inventory: inventory)
            }
            try recordRendering(plan, in: inventory)
            plan.notices = notices + (try notifyDHCP(plan.fileChanges, restart: restartDHCP))
            withExtendedLifetime(lock) {}
            return plan
        }
    }

    func refuseConflicts(_ plan: ApplyPlan, adopt: Bool) throws {
        let conflicts = plan.conflicts
        guard !conflicts.isEmpty, !adopt else { return }
        let list = try conflicts.prefix(10).map { "  \(try target($0.root).location(of: $0.path))" }.joined(separator: "\n")
        let more = conflicts.count > 10 ? "\n  … and \(conflicts.count - 10) more" : ""
        throw OrchestrationError("""
            refusing to overwrite \(conflicts.count) file(s) that ZeroTouch did not write:
            \(list)\(more)
            Nothing was written. Move them away, or run 'zerotouch apply --adopt' to replace them and manage them from now on.
            """)
    }

    /// Renders and plans. Hosts whose record and file inputs are as they were when their files were
    /// last written are not rendered again, and their files are not looked at (`RenderState`);
    /// `full` renders every host and compares every file.
    func makePlan(inventory: (any InventoryStore)?, full: Bool = false) throws -> ApplyPlan {
        let stored = try inventory?.hosts() ?? []
        let sync = try FleetSync.reconcile(file: config.hosts, stored: stored, profiles: config.profiles)
        let installs = Self.installsUnderWay(stored)
        let state = try inventory?.renderState()
        var rendering = ApplyPlan.Rendering(inputs: RenderInputs.digest(of: config, key: try siteKey(), secrets: SecretResolver(environment: environment)))
        let dhcpInputs = RenderInputs.dhcp(sync.hosts, inputs: rendering.inputs)
        // The same reservations as the DHCP files hold were checked before those were written.
        let dhcpUnchanged = !full && dhcpInputs != nil && dhcpInputs == state?.dhcpInputs
        if !dhcpUnchanged { try checkReservations(sync.hosts) }
        let unchanged = full ? [] : Self.unchangedHosts(sync, stored: stored, state: state, inputs: rendering.inputs)
        let all = sync.hosts.map { host in (host, installs[host.primaryMAC].flatMap { $0.mode == host.mode ? $0.filesMode : nil }) }
        let renderers = try hostRenderers()
        try renderers.checkImages(of: all)
        let chosen = all.filter { !unchanged.contains($0.0.primaryMAC) }
        let rendered = try renderers.artifacts(of: chosen)
        var desired: [PublishRoot: [Artifact]] = [:]
        for artifact in rendered.artifacts { desired[artifact.root, default: []].append(artifact) }
        let used = Set(sync.hosts.map(\.profile)).compactMap { config.profiles[$0] }
        let loaders = BootLoaderFiles.artifacts(named: SiteArtifacts.loaderFiles(for: used, dhcp: site.dhcp))
        desired[.tftp, default: []] += SiteArtifacts.render() + loaders.artifacts
        // Whenever the site has Windows profiles, so that host commands never need to add or remove it.
        var skeletonWarnings: [String] = []
        if config.profiles.values.contains(where: \.os.isWindows) {
            let skeleton = ShareSkeleton.artifacts()
            desired[.share, default: []] += skeleton.artifacts
            skeletonWarnings = skeleton.warnings
        }
        var roots = PublishRoot.allCases
        if dhcpUnchanged {
            roots.removeAll { $0 == .dhcp }
        } else {
            let dhcp = dhcpArtifacts(hosts: sync.hosts)
            if !dhcp.isEmpty { desired[.dhcp] = dhcp }
            rendering.dhcpInputs = dhcpInputs
        }
        // Only the files of hosts rendered, removed or renamed, and the site's own, are compared.
        var owners: Set<FileOwner>?
        if !unchanged.isEmpty {
            owners = Set(chosen.map { .host($0.0.primaryMAC) } + sync.changes.compactMap { $0.stored.map { .host($0.host.primaryMAC) } } + [.site])
        }
        var changes: [PlannedChange] = []
        var compared = 0
        for root in roots {
            let manifest = try manifest(of: root, inventory: inventory, owners: owners)
            compared += manifest.entries.count
            if desired[root] == nil && manifest.entries.isEmpty { continue }
            changes += try Planner.plan(desired: desired[root] ?? [], manifest: manifest, target: target(root), root: root,
                                        scope: owners.map { .owners($0) } ?? .everything)
        }
        var plan = ApplyPlan(hostChanges: sync.changes, fileChanges: changes,
                             warnings: loaders.warnings + missingBootFiles(hosts: sync.hosts) + rendered.warnings + skeletonWarnings)
        if !unchanged.isEmpty || roots.count < PublishRoot.allCases.count {
            plan.untouched = try PublishRoot.allCases.reduce(0) { $0 + (try inventory?.publishedFileCount(root: $1.rawValue) ?? 0) } - compared
        }
        rendering.everyHost = unchanged.isEmpty
        for (host, filesMode) in chosen { rendering.hosts[host.primaryMAC] = (host, filesMode) }
        rendering.needsRecord = rendering.inputs != nil
            && (rendering.inputs != state?.inputs || chosen.count > 0 || (rendering.dhcpInputs != nil && rendering.dhcpInputs != state?.dhcpInputs))
        plan.rendering = rendering
        return plan
    }

    /// The hosts whose files can be trusted as they are: rendered with the same inputs, from the
    /// record as it is now, and not changed by this plan.
    static func unchangedHosts(_ sync: FleetSync.Result, stored: [StoredHost], state: RenderState?, inputs: String?) -> Set<MACAddress> {
        guard let inputs, let state, state.inputs == inputs else { return [] }
        var touched = Set<MACAddress>()
        for change in sync.changes {
            if let host = change.host { touched.insert(host.primaryMAC) }
            if let record = change.stored { touched.insert(record.host.primaryMAC) }
        }
        return Set(stored.lazy.filter { state.current.contains($0.id) && !touched.contains($0.host.primaryMAC) }.map(\.host.primaryMAC))
    }

    /// Records what `plan` rendered, once published: those hosts' files are current, with its inputs.
    /// In the same transaction as the records are read, so a host the boot server moved on meanwhile
    /// stays out of date.
    func recordRendering(_ plan: ApplyPlan, in inventory: any InventoryStore) throws {
        let rendering = plan.rendering
        guard let inputs = rendering.inputs, rendering.needsRecord else { return }
        try inventory.write("record which hosts' files are current") { transaction in
            let records = try transaction.hosts(primaryMACs: rendering.everyHost ? nil : Array(rendering.hosts.keys))
            let current = records.filter { record in
                guard let rendered = rendering.hosts[record.host.primaryMAC] else { return false }
                return rendered.host == record.host && rendered.filesMode == record.lifecycle.armedMode
            }
            try transaction.markFilesCurrent(current.map(\.id), inputs: inputs, dhcpInputs: rendering.dhcpInputs)
        }
    }

    func hostRenderers() throws -> HostRenderers {
        HostRenderers(config: config, key: try siteKey(), environment: environment) { try self.target(.share) }
    }

    /// The lifecycles of stored hosts whose install is under way, by primary MAC.
    static func installsUnderWay(_ stored: [StoredHost]) -> [MACAddress: HostLifecycle] {
        var installs: [MACAddress: HostLifecycle] = [:]
        for record in stored where record.lifecycle.armedMode != nil { installs[record.host.primaryMAC] = record.lifecycle }
        return installs
    }

    func manifest(of root: PublishRoot, inventory: (any InventoryStore)?, owners: Set<FileOwner>?) throws -> Manifest {
        var entries: [String: ManifestEntry] = [:]
        for file in try inventory?.publishedFiles(root: root.rawValue, owners: owners) ?? [] {
            entries[file.path] = ManifestEntry(digest: file.digest, size: file.size, owner: file.owner)
        }
        return Manifest(entries: entries)
    }

    /// Boot files that hosts about to install will ask for but the TFTP root does not hold yet.
    func missingBootFiles(hosts: [Fleet.Host]) -> [String] {
        let installing = Set(hosts.filter { $0.mode == .install || $0.mode == .capture }.map(\.profile))
        return installing.sorted().flatMap { name -> [String] in
            let profile = config.profiles[name]!
            return Self.bootPaths(of: profile.boot)
                .filter { !LocalFile.exists(site.tftpRoot + "/" + $0.value) }
                .map { "profile \(name): \($0) is not in the TFTP root (\(site.tftpRoot)) yet; its hosts cannot boot until it is" }
        }
    }

    static func bootPaths(of boot: BootMethod) -> [BootPath] {
        switch boot {
        case .winpeISO(let iso): [iso]
        case .wimboot(let files): [files.loader] + files.files(firmware: .bios).map(\.path)
        case .kernel(let kernel): [kernel.kernel] + kernel.initrds
        case .multiboot(let chain): chain.modules.map(\.path) + (chain.loader.value == "mboot.c32" ? [] : [chain.loader])
        case .local: []
        }
    }

    // MARK: writing

    func record(_ changes: [HostChange], in inventory: any InventoryStore) throws {
        guard !changes.isEmpty else { return }
        try inventory.write("record host changes") { transaction in
            // Removals and the NICs of updated hosts go first: a NIC may move to another host.
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
        let destination = try target(root)
        let writing = InterruptedWrites(stateDirectory: site.stateDirectory)
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
}
