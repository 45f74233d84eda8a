import Fleet
import Publish
import Render
import Synchronization
import XML

/// The renderers of one run's host files. Those that read files (base answer files, templates) cache
/// what they read, so a thread that renders needs a set of its own; secrets come from the session's
/// one resolver, shared; the share is used from the calling thread only.
struct HostRenderers {
    let config: FleetConfig
    let key: SiteKey
    let secrets: SecretResolver
    let shareFolders: ShareFolders
    let kickstarts: KickstartFiles

    /// - Parameter share: opens the share, where the profiles' images are checked.
    init(config: FleetConfig, key: SiteKey, secrets: SecretResolver, share: @escaping () throws -> any PublishTarget) {
        self.config = config
        self.key = key
        self.secrets = secrets
        shareFolders = ShareFolders(config: config, key: key, secrets: secrets, share: share)
        kickstarts = KickstartFiles(config: config, key: key, secrets: secrets)
    }

    /// The renderers of `session`'s site, with its key and secrets; the share opened through it.
    init(_ session: SiteSession) throws {
        self.init(config: session.config, key: try session.siteKey(), secrets: session.secrets) { try session.target(.share) }
    }

    /// Every file one host needs: its boot entries, its kickstart, its share folders.
    /// - Parameter filesMode: the mode whose install files the host keeps while its install runs
    ///   (it boots locally by then, but WinPE or the installer still reads them); `nil`: its mode.
    func artifacts(of host: Host, filesMode: HostMode? = nil) throws -> [Artifact] {
        let profile = try self.profile(of: host)
        var installing = host
        installing.mode = filesMode ?? host.mode
        return HostArtifacts.render(host, profile: profile, site: config.site)
            + (try kickstarts.artifacts(for: installing, profile: profile))
            + (try shareFolders.artifacts(for: installing, profile: profile))
    }

    /// The profile `host` names; one the fleet file no longer defines is the operator's to fix.
    func profile(of host: Host) throws(OrchestrationError) -> Profile {
        guard let profile = config.profiles[host.profile] else {
            throw OrchestrationError("\(host.name) uses profile \(host.profile), which the fleet file no longer defines; fix the file and run apply")
        }
        return profile
    }

    /// The files of `hosts`, by root. Rendered before the inventory changes, so that a refusal (a
    /// missing secret, a broken base file) leaves everything as it was.
    func filesByRoot(of hosts: [Host], filesMode: HostMode? = nil) throws -> [PublishRoot: [Artifact]] {
        var desired: [PublishRoot: [Artifact]] = [:]
        for host in hosts {
            for artifact in try artifacts(of: host, filesMode: filesMode) {
                desired[artifact.root, default: []].append(artifact)
            }
        }
        return desired
    }

    /// Checks the images the hosts' files name, once per profile, here on the calling thread: the
    /// share is opened at most once, and its warnings come whichever hosts are rendered after.
    func checkImages(of hosts: [(host: Host, filesMode: HostMode?)]) throws {
        for (host, filesMode) in hosts {
            var installing = host
            installing.mode = filesMode ?? host.mode
            let profile = try profile(of: host)
            try shareFolders.images.check(for: installing, profile: profile)
            if installing.mode == .install, profile.os == .windows, let drivers = config.windowsSettings(for: host).drivers {
                try shareFolders.images.checkDriverSets(drivers.candidates)
            }
        }
    }

    /// Hosts rendered at once, more than this, are split over two threads.
    static let parallelFrom = 500

    /// The files of many hosts, in their order, with the warnings met on the way. Large runs render on
    /// two threads, each host range with its own renderers, after the images were checked here; the
    /// failure thrown is the first in host order, as one thread would have met it.
    func artifacts(of hosts: [(host: Host, filesMode: HostMode?)]) throws -> (artifacts: [Artifact], warnings: [String]) {
        guard hosts.count >= Self.parallelFrom else {
            let artifacts = try hosts.flatMap { try self.artifacts(of: $0.host, filesMode: $0.filesMode) }
            return (artifacts, shareFolders.warnings)
        }
        try checkImages(of: hosts)
        XMLDocument.prepareForThreads()
        let halves = [Array(hosts[..<(hosts.count / 2)]), Array(hosts[(hosts.count / 2)...])]
        let seed = Seed(config: config, key: key, secrets: secrets, checkedImages: shareFolders.images.checked)
        let results = Mutex<[Int: Result<([Artifact], [String]), any Error>]>([:])
        _ = ParallelWork.run(count: halves.count, threads: halves.count) { (index) throws(Never) in
            let renderers = seed.renderers()
            let result = Result { () throws -> ([Artifact], [String]) in
                let artifacts = try halves[index].flatMap { try renderers.artifacts(of: $0.host, filesMode: $0.filesMode) }
                return (artifacts, renderers.shareFolders.warnings)
            }
            results.withLock { $0[index] = result }
        }
        var artifacts: [Artifact] = []
        var warnings = shareFolders.warnings
        for index in halves.indices {
            let (part, noted) = try results.withLock { $0[index]! }.get()
            artifacts += part
            warnings += noted.filter { !warnings.contains($0) }
        }
        return (artifacts, warnings)
    }

    /// What a rendering thread needs to make its own renderers: every image already checked, so
    /// none of them opens the share.
    private struct Seed: Sendable {
        let config: FleetConfig
        let key: SiteKey
        let secrets: SecretResolver
        let checkedImages: Set<String>

        func renderers() -> HostRenderers {
            let renderers = HostRenderers(config: config, key: key, secrets: secrets) {
                throw OrchestrationError("internal error: a rendering thread asked for the share; images are checked before rendering starts")
            }
            renderers.shareFolders.images.checked = checkedImages
            return renderers
        }
    }
}
