import Fleet
import Publish
import Render
import Synchronization
import XML

/// The renderers of one run's host files. Those that read files or secrets cache what they read, so
/// a thread that renders needs a set of its own; the share is used from the calling thread only.
struct HostRenderers {
    let config: FleetConfig
    let key: SiteKey
    /// Where `*_env` secrets are read.
    let environment: [String: String]
    let shareFolders: ShareFolders
    let kickstarts: KickstartFiles

    /// - Parameter share: opens the share, where the profiles' images are checked.
    init(config: FleetConfig, key: SiteKey, environment: [String: String], share: @escaping () throws -> any PublishTarget) {
        self.config = config
        self.key = key
        self.environment = environment
        shareFolders = ShareFolders(config: config, key: key, secrets: SecretResolver(environment: environment), share: share)
        kickstarts = KickstartFiles(config: config, key: key, secrets: SecretResolver(environment: environment))
    }

    /// Every file one host needs: its boot entries, its kickstart, its share folders.
    /// - Parameter filesMode: the mode whose install files the host keeps while its install runs
    ///   (it boots locally by then, but WinPE or the installer still reads them); `nil`: its mode.
    func artifacts(of host: Host, filesMode: HostMode? = nil) throws -> [Artifact] {
        let profile = config.profiles[host.profile]!
        var installing = host
        installing.mode = filesMode ?? host.mode
        return HostArtifacts.render(host, profile: profile, site: config.site)
            + (try kickstarts.artifacts(for: installing, profile: profile))
            + (try shareFolders.artifacts(for: installing, profile: profile))
    }

    /// Checks the images the hosts' files name, once per profile, here on the calling thread: the
    /// share is opened at most once, and its warnings come whichever hosts are rendered after.
    func checkImages(of hosts: [(host: Host, filesMode: HostMode?)]) throws {
        for (host, filesMode) in hosts {
            var installing = host
            installing.mode = filesMode ?? host.mode
            try shareFolders.checkImage(for: installing, profile: config.profiles[host.profile]!)
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
        let seed = Seed(config: config, key: key, environment: environment, checkedImages: shareFolders.checkedImages)
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
        let environment: [String: String]
        let checkedImages: Set<String>

        func renderers() -> HostRenderers {
            let renderers = HostRenderers(config: config, key: key, environment: environment) {
                throw OrchestrationError("internal error: a rendering thread asked for the share; images are checked before rendering starts")
            }
            renderers.shareFolders.checkedImages = checkedImages
            return renderers
        }
    }
}
