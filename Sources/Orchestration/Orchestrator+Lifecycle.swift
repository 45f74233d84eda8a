public import Fleet
public import Inventory
public import Publish
import Foundation
import Render

/// The host lifecycle: events from installers and the boot server, and re-arming by the operator.
/// Each change is one inventory transaction with an event row, then the host's files follow
/// (its boot entries flip to local boot when the install starts; its secrets go when it is ready).
extension Orchestrator {
    /// What one accepted event did.
    public struct LifecycleChange: Sendable {
        public let before: StoredHost
        public let after: StoredHost
        public let files: [PlannedChange]

        public init(before: StoredHost, after: StoredHost, files: [PlannedChange]) {
            self.before = before
            self.after = after
            self.files = files
        }
    }

    /// Takes `event` for the host with `mac`. A refused event (replayed, out of order, host not
    /// armed) throws `LifecycleRefusal` and changes nothing.
    /// - Parameter source: who reported it, for the timeline (`callback`, `share marker`, `boot server`).
    public func record(_ event: LifecycleEvent, mac: MACAddress, message: String, source: String) throws -> LifecycleChange {
        try locating {
            var next: HostLifecycle?
            let (inventory, lock, record) = try lockedRecord(mac) { record in
                next = try record.lifecycle.applying(event, retries: site.installRetries)
            }
            defer { withExtendedLifetime(lock) {} }
            let detail = message.isEmpty ? "\(event.rawValue) (\(source))" : "\(event.rawValue) (\(source)): \(message)"
            return try move(record, to: next!, kind: .lifecycle, detail: detail, inventory: inventory)
        }
    }

    /// Arms a host again for an install on its next boot (`zerotouch host arm`), whatever its state.
    public func arm(_ mac: MACAddress, mode: HostMode = .install) throws -> LifecycleChange {
        try locating {
            let (inventory, lock, record) = try lockedRecord(mac) { record in
                if mode == .capture, let profile = config.profiles[record.host.profile], !profile.os.isWindows {
                    throw FleetError(ValidationIssue(field: "--capture", value: nil, rule: "needs a Windows profile (\(record.host.name) uses \(profile.name))"))
                }
            }
            file.keepSnapshot()
            defer { withExtendedLifetime(lock) {} }
            return try move(record, to: .armed(mode), kind: .armed, detail: "armed for \(mode.rawValue) from the command line (was \(record.state.rawValue))",
                            inventory: inventory)
        }
    }

    /// Every host with its latest timeline entry, for `zerotouch status`.
    public func status() throws -> [(host: StoredHost, latest: HostEvent?)] {
        guard let inventory = try existingInventory() else { return [] }
        let latest = try inventory.latestEvents()
        return try inventory.hosts().map { ($0, latest[$0.id]) }
    }

    /// The checker of callback tokens; the site key must exist (any apply or host command makes it).
    public func callbackTokens() throws -> CallbackTokens {
        CallbackTokens(key: try savedSiteKey())
    }

    /// Publishes the files `next` needs, then records it. In that order, so that a change whose
    /// files cannot be written (the share down, the disk full) is `Deferred` with nothing recorded,
    /// and one that is recorded has its files: an event answered 200 is never lost. A retry after
    /// a failed record finds the files already right and records only.
    func move(_ record: StoredHost, to next: HostLifecycle, kind: HostEventKind, detail: String, inventory: any InventoryStore) throws -> LifecycleChange {
        guard config.profiles[record.host.profile] != nil else {
            throw OrchestrationError("\(record.host.name) uses profile \(record.host.profile), which \(file.path) no longer defines; fix the file and run apply")
        }
        var host = record.host
        host.mode = next.mode
        // Most events (booting, applied, done) change neither the entries nor the install files:
        // then there is nothing to render or publish, only the event to record.
        let filesChange = next.mode != record.host.mode || next.filesMode != record.lifecycle.filesMode || next.state == .armed
        let desired = filesChange ? try desiredFiles(of: [host], filesMode: next.filesMode) : [:]
        var files: [PlannedChange] = []
        do {
            // Before the record: a host armed with an old run's markers still there would seem to progress.
            if next.state == .armed { try clearStatusMarkers(of: host) }
            if filesChange { files = try publish(desired, owners: [.host(host.primaryMAC)], inventory: inventory, dhcp: false) }
        } catch let error as FleetError {
            throw error
        } catch {
            // A root that cannot be written now (the share down, the disk full, a file in the way).
            throw Deferred("\(error)")
        }
        do {
            try inventory.write("record a lifecycle change") { transaction in
                try transaction.setLifecycle(id: record.id, mac: host.primaryMAC, next, kind: kind, detail: detail)
            }
        } catch {
            guard error.isTransient else { throw error }
            throw Deferred("\(error)")
        }
        let after = StoredHost(id: record.id, host: host, origin: record.origin, declaredMode: record.declaredMode, lifecycle: next)
        return LifecycleChange(before: record, after: after, files: files)
    }

    /// Removes what the previous install's autorun.bat left in `status/` on the share, so markers of
    /// an old run are never taken for the new one's.
    func clearStatusMarkers(of host: Fleet.Host) throws {
        let share = try target(.share)
        for mac in host.macs {
            let folder = "\(mac.dashed)/status"
            for name in try share.list(folder) ?? [] {
                try share.remove(folder + "/" + name)
            }
        }
    }

    /// The status markers autorun.bat left on the share for each NIC that has any: the events, with
    /// what the marker file says (its first 200 characters).
    public func statusMarkers(of macs: [MACAddress]) throws -> [MACAddress: [LifecycleEvent: String]] {
        let share = try target(.share)
        var found: [MACAddress: [LifecycleEvent: String]] = [:]
        for mac in macs {
            let folder = "\(mac.dashed)/status"
            guard let names = try share.list(folder), !names.isEmpty else { continue }
            for name in names {
                guard let event = LifecycleEvent(rawValue: name), Self.markerEvents.contains(event) else { continue }
                let text = String(decoding: try share.read(folder + "/" + name, offset: 0, count: 800), as: UTF8.self)
                found[mac, default: [:]][event] = String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
            }
        }
        return found
    }

    /// The marker files autorun.bat writes, in its order.
    public static let markerEvents: [LifecycleEvent] = [.started, .applied, .done, .failed]
}
