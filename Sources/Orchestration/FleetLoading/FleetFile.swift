public import Fleet
import Foundation

/// The fleet file on disk, read and validated.
public struct FleetFile: Sendable {
    /// Absolute path of the file.
    public let path: String
    public let config: FleetConfig
    /// Saves this version's snapshot; `nil` when the file came from one.
    private let saveSnapshot: (@Sendable () -> Void)?

    /// The user's snapshot folder: `ZEROTOUCH_CACHE_DIR` (empty: none), else `$XDG_CACHE_HOME/zerotouch`,
    /// else `~/.cache/zerotouch`.
    public static func snapshotFolder(environment: [String: String]) -> String? {
        FleetSnapshot.folder(environment: environment)
    }

    /// Reads and validates `path`, or takes the snapshot of the same bytes validated before
    /// (`FleetSnapshot`). The snapshot of a new version is saved only by `keepSnapshot()`, once the
    /// run's other checks (secrets, answer files, images) passed too. Throws `FleetError` for a file that is missing, unreadable,
    /// empty, not UTF-8, or invalid; nothing is written in any case.
    /// - Parameter snapshots: the folder snapshots are kept in (`snapshotFolder(environment:)` gives the
    ///   user's); `nil`: none are read or kept.
    public init(path: String, snapshots: String?) throws(FleetError) {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let url = URL(fileURLWithPath: absolute).standardizedFileURL
        let data: Data
        do {
            data = try Self.readable(url.path)
        } catch {
            throw FleetError(ValidationIssue(field: "-c/--config", value: path,
                                             rule: "cannot be read: \(error.rule) (give the path of a zerotouch.yaml)"))
        }
        // Only a file that passed every check has a snapshot, so one found is all of the checks.
        let snapshot = FleetSnapshot(fleet: url.path, content: data, folder: snapshots)
        let saved = snapshot.loadAny()
        if let saved, saved.digest == snapshot.digest {
            self.path = url.path
            config = saved.config
            saveSnapshot = nil
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let bytes = Array(data)
            let offset = SourcePosition.firstInvalidUTF8(in: bytes) ?? 0
            let byte = String(bytes[min(offset, bytes.count - 1)], radix: 16, uppercase: true)
            throw FleetError(ValidationIssue(field: "(file)", value: nil,
                                             rule: "is not UTF-8 text: byte 0x\(byte) is not part of a UTF-8 character; save the file as UTF-8",
                                             location: "\(path):\(SourcePosition(byteOffset: offset, in: bytes))"))
        }
        if text.allSatisfy({ $0.isWhitespace }) {
            throw FleetError(ValidationIssue(field: "(file)", value: nil,
                                             rule: "is empty: a fleet file needs site, profiles and hosts (see Scripts/example/zerotouch.yaml)", location: path))
        }
        self.path = url.path
        let directory = url.deletingLastPathComponent().path
        // An edit inside some host entries: those are read again, the rest is the snapshot's.
        if let saved, let spans = saved.spans,
           let (config, spans) = FleetDocument.reparseHosts(old: saved.content, config: saved.config, spans: spans, new: Array(data),
                                                            file: path, directory: directory) {
            self.config = config
            saveSnapshot = { snapshot.save(config, spans: spans, content: data) }
            return
        }
        let (config, spans) = try FleetDocument.parseWithSpans(text, file: path, directory: directory)
        self.config = config
        saveSnapshot = { snapshot.save(config, spans: spans, content: data) }
    }

    /// Keeps this version for the next command: called once everything read from it passed.
    public func keepSnapshot() {
        saveSnapshot?()
    }

    static func readable(_ path: String) throws(RuleViolation) -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw RuleViolation("no such file") }
        guard !isFolder.boolValue else { throw RuleViolation("it is a folder") }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw RuleViolation("permission denied")
        }
        return data
    }

    public var databasePath: String { config.site.stateDirectory + "/inventory.sqlite" }
}
