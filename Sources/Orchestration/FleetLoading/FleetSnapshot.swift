import Crypto
import Fleet
import Foundation
import OperatingSystem

/// A fleet file as it was last read and validated, kept in the user's cache folder, so that the next
/// command on the same file skips parsing and checking every host again (for 10,000 hosts, about
/// 250 ms: five times a host command's whole budget).
///
/// A snapshot stands for exact bytes: it holds the file's SHA-256, its absolute path and the
/// identity of the zerotouch binary that wrote it. An edited or moved file, or a new build, reads the
/// file again. That is exact because validation reads nothing but the file's text and its folder's
/// path. Snapshots hold what the file holds (secret references, never secret values); they are mode
/// 0600 in a folder of mode 0700, and one owned by another user is ignored. Any doubt (a damaged
/// snapshot, a full disk) means the file is simply read again.
///
/// A snapshot of an earlier version of the file serves too: when an edit stays inside some host
/// entries, only those are read and checked again (`FleetDocument.reparseHosts`), so the snapshot
/// keeps the file's bytes and where each host entry lies.
///
/// A snapshot is one binary property list (`Payload`; JSON took twice as long to read, for the
/// base64 and the escapes). Only the binary that wrote it reads it back, so its format is whatever
/// this build's types encode, and it needs no version number kept by hand.
struct FleetSnapshot: Sendable {
    /// Snapshots kept per cache folder, one per fleet file; the least recently written go first.
    static let kept = 16

    /// The fleet file's absolute path.
    let fleet: String
    /// SHA-256 of the fleet file's bytes, in hex.
    let digest: String
    /// The cache folder; `nil`: no snapshots.
    let folder: String?
    /// This fleet file's snapshot in the folder: named by a digest of its path.
    let name: String

    /// - Parameter folder: the snapshot cache; `nil`: no snapshots.
    init(fleet: String, content: Data, folder: String?) {
        self.fleet = fleet
        digest = SHA256.hash(data: content).hex
        self.folder = folder
        name = "\(SHA256.hash(data: Data(fleet.utf8)).hex.prefix(32)).fleet"
    }

    /// Where this file's snapshot lives; `nil` when there is no cache folder to use.
    var location: String? { folder.map { "\($0)/\(name)" } }

    /// `ZEROTOUCH_CACHE_DIR` (empty: no snapshots), else `$XDG_CACHE_HOME/zerotouch`, else `~/.cache/zerotouch`.
    static func folder(environment: [String: String]) -> String? {
        if let chosen = environment["ZEROTOUCH_CACHE_DIR"] { return chosen.isEmpty ? nil : chosen }
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/zerotouch" }
        if let home = environment["HOME"], home.hasPrefix("/"), home != "/" { return home + "/.cache/zerotouch" }
        return nil
    }

    /// What a snapshot file holds.
    private struct Payload: Codable {
        /// The identity of the binary that wrote it (`RunningBinary.identity`).
        let binary: String
        /// The fleet file's absolute path.
        let fleet: String
        /// SHA-256 of `content`, in hex.
        let digest: String
        let site: Site
        let profiles: [String: Profile]
        let windowsOverrides: [MACAddress: WindowsSettings]
        let nicNetworks: [MACAddress: HostNetwork]
        let installOverrides: [MACAddress: InstallSettings]
        let locations: [String: String]
        let hosts: HostTable
        /// Where each host entry lies in `content`, for re-reading only the entries an edit touched.
        let spans: HostSpans?
        /// The fleet file's bytes.
        let content: Data
    }

    /// What a snapshot holds: a version of the file, validated.
    struct Saved {
        /// SHA-256 of `content`, in hex.
        let digest: String
        let config: FleetConfig
        let spans: HostSpans?
        let content: [UInt8]
    }

    /// The configuration saved for exactly this file, binary and path; `nil` otherwise.
    func load() -> FleetConfig? {
        guard let saved = loadAny(), saved.digest == digest else { return nil }
        return saved.config
    }

    /// What was saved for this path and binary, from this version of the file or an earlier one.
    func loadAny() -> Saved? {
        guard let folder, let binary = RunningBinary.identity, let bytes = Self.readOwnFile(name, in: folder),
              let payload = try? PropertyListDecoder().decode(Payload.self, from: Data(bytes)),
              payload.binary == binary, payload.fleet == fleet,
              // The digest is of the content kept, whatever the payload says.
              SHA256.hash(data: payload.content).hex == payload.digest else { return nil }
        var config = FleetConfig(site: payload.site, profiles: payload.profiles, hosts: payload.hosts.hosts, windowsOverrides: payload.windowsOverrides,
                                 nicNetworks: payload.nicNetworks, installOverrides: payload.installOverrides)
        config.locations = payload.locations
        return Saved(digest: payload.digest, config: config, spans: payload.spans, content: Array(payload.content))
    }

    /// The file's bytes when this user owns it and nobody else may write it.
    static func readOwnFile(_ name: String, in folder: String) -> [UInt8]? {
        guard let file = try? BeneathRoot(folder).open(name), let status = try? file.status(),
              status.owner == OpenFile.currentUser, status.permissions & 0o022 == 0, status.size < 1 << 30 else { return nil }
        return try? file.readAll()
    }

    /// Saves `config`, read from this file, for the next command. Never fails the command: a snapshot
    /// that cannot be written is simply not there next time.
    /// - Parameters:
    ///   - spans: where the host entries lie in `content`, the file's bytes.
    func save(_ config: FleetConfig, spans: HostSpans?, content: Data) {
        guard let folder, let binary = RunningBinary.identity else { return }
        let payload = Payload(binary: binary, fleet: fleet, digest: digest, site: config.site, profiles: config.profiles,
                              windowsOverrides: config.windowsOverrides, nicNetworks: config.nicNetworks, installOverrides: config.installOverrides,
                              locations: config.locations, hosts: HostTable(config.hosts), spans: spans, content: content)
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        guard let bytes = try? encoder.encode(payload) else { return }
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])) != nil else { return }
        guard (try? BeneathRoot(folder).write(name, content: Array(bytes), permissions: 0o600)) != nil else { return }
        Self.prune(folder)
    }

    /// Keeps the `kept` most recently written snapshots of the folder.
    static func prune(_ folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        // A snapshot being written by a process that was killed stays under its temporary name.
        for name in names where TemporaryName.isTemporary(name) && name.contains(".fleet") {
            let path = "\(folder)/\(name)"
            let written = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date ?? .distantFuture
            if written.timeIntervalSinceNow < -60 { try? FileManager.default.removeItem(atPath: path) }
        }
        let snapshots = names.filter { $0.hasSuffix(".fleet") }
        guard snapshots.count > kept else { return }
        let dated = snapshots.map { name -> (String, Date) in
            let path = "\(folder)/\(name)"
            return (path, ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast)
        }
        for (path, _) in dated.sorted(by: { $0.1 > $1.1 }).dropFirst(kept) { try? FileManager.default.removeItem(atPath: path) }
    }

}
