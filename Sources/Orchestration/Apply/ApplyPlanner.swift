import Fleet
import Inventory
import OperatingSystem
import Publish
import Render

/// Makes `apply`'s plan: which host records change, which hosts are rendered again, and per root which
/// files are created, replaced or removed. Reads only.
struct ApplyPlanner {
    let session: SiteSession

    /// Renders and plans. Hosts whose record and file inputs are as they were when their files were
    /// last written are not rendered again, and their files are not looked at (`RenderState`);
    /// `full` renders every host and compares every file.
    func plan(inventory: (any InventoryStore)?, full: Bool) throws -> ApplyPlan {
        let config = session.config
        let site = config.site
        let reservations = DHCPReservations(session: session)
        let stored = try inventory?.hosts() ?? []
        let sync = try FleetSync.reconcile(file: config.hosts, stored: stored, profiles: config.profiles)
        let installs = Self.installsUnderWay(stored)
        let state = try inventory?.renderState()
        var rendering = ApplyPlan.Rendering(inputs: RenderInputs.digest(of: config, key: try session.siteKey(), secrets: session.secrets))
        let dhcpInputs = RenderInputs.dhcp(sync.hosts, inputs: rendering.inputs)
        // The same reservations as the DHCP files hold were checked before those were written.
        let dhcpUnchanged = !full && dhcpInputs != nil && dhcpInputs == state?.dhcpInputs
        if !dhcpUnchanged { try reservations.check(sync.hosts) }
        let unchanged = full ? [] : Self.unchangedHosts(sync, stored: stored, state: state, inputs: rendering.inputs)
        let all = sync.hosts.map { host in (host, installs[host.primaryMAC].flatMap { $0.mode == host.mode ? $0.filesMode : nil }) }
        try SignedBootFiles.check(hosts: sync.hosts, config: config)
        let renderers = try HostRenderers(session)
        try renderers.checkImages(of: all)
        let chosen = all.filter { !unchanged.contains($0.0.primaryMAC) }
        let rendered = try renderers.artifacts(of: chosen)
        var desired: [PublishRoot: [Artifact]] = [:]
        for artifact in rendered.artifacts { desired[artifact.root, default: []].append(artifact) }
        let used = Set(sync.hosts.map(\.profile)).compactMap { config.profiles[$0] }
        let loaders = BootLoaderFiles.artifacts(named: SiteArtifacts.loaderFiles(for: used, dhcp: site.dhcp), from: site.loaderFolder)
        try SignedBootFiles.check(loaders: loaders.artifacts, profiles: used, site: site)
        let signerWarnings = try SignedBootFiles.checkSigners(loaders: loaders.artifacts, hosts: sync.hosts, config: config)
        desired[.tftp, default: []] += SiteArtifacts.render(for: used, dhcp: site.dhcp) + loaders.artifacts
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
            let dhcp = reservations.artifacts(of: sync.hosts)
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
            let manifest = try SitePublisher.manifest(of: root, inventory: inventory, owners: owners)
            compared += manifest.entries.count
            if desired[root] == nil && manifest.entries.isEmpty { continue }
            changes += try Planner.plan(desired: desired[root] ?? [], manifest: manifest, target: session.target(root), root: root,
                                        scope: owners.map { .owners($0) } ?? .everything)
        }
        var plan = ApplyPlan(hostChanges: sync.changes, fileChanges: changes,
                             warnings: loaders.warnings + (site.dhcp.flatMap { DHCPBootChoice.proxyLimit($0, profiles: used) }.map { [$0] } ?? [])
                                       + signerWarnings + missingBootFiles(hosts: sync.hosts) + rendered.warnings + skeletonWarnings)
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

    /// The lifecycles of stored hosts whose install is under way, by primary MAC.
    static func installsUnderWay(_ stored: [StoredHost]) -> [MACAddress: HostLifecycle] {
        var installs: [MACAddress: HostLifecycle] = [:]
        for record in stored where record.lifecycle.armedMode != nil { installs[record.host.primaryMAC] = record.lifecycle }
        return installs
    }

    /// Boot files that hosts about to install will ask for but the TFTP root does not hold yet.
    func missingBootFiles(hosts: [Fleet.Host]) -> [String] {
        let config = session.config
        let site = config.site
        let installing = Set(hosts.filter { $0.mode == .install || $0.mode == .capture }.map(\.profile))
        return installing.sorted().flatMap { name -> [String] in
            guard let profile = config.profiles[name] else { return [] }
            return Self.bootPaths(of: profile.boot)
                .filter { !LocalFile.exists(site.tftpRoot + "/" + $0.value) }
                .map { "profile \(name): \($0) is not in the TFTP root (\(site.tftpRoot)) yet; its hosts cannot boot until it is" }
        }
    }

    static func bootPaths(of boot: BootMethod) -> [BootPath] {
        switch boot {
        case .winpeISO(let iso): [iso]
        case .wimboot(let files): [files.loader] + files.files(firmware: .bios).map(\.path)
        case .bootManager(let files): files.files
        case .kernel(let kernel): [kernel.kernel] + kernel.initrds
        case .multiboot(let chain): chain.modules.map(\.path) + (chain.loader.value == "mboot.c32" ? [] : [chain.loader])
        case .local: []
        }
    }
}
