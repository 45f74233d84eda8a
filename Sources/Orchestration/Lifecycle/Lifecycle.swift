public import Fleet
import Inventory
import Publish
import Render

/// The host lifecycle: events from installers and the boot server, and re-arming by the operator.
/// Each change is one inventory transaction with an event row, then the host's files follow (its boot
/// entries flip to local boot when the install starts; its secrets go when it is ready).
public struct Lifecycle {
    let session: SiteSession

    public init(session: SiteSession) {
        self.session = session
    }

    /// Takes `event` for the host with `mac`. A refused event (replayed, out of order, host not
    /// armed) throws `LifecycleRefusal` and changes nothing.
    /// - Parameter source: who reported it, for the timeline (`callback`, `share marker`, `boot server`).
    public func record(_ event: LifecycleEvent, mac: MACAddress, message: String, source: String) throws -> LifecycleChange {
        try session.located {
            let detail = message.isEmpty ? "\(event.rawValue) (\(source))" : "\(event.rawValue) (\(source)): \(message)"
            return try HostLookup(session: session).changing(mac) { record in
                _ = try record.lifecycle.applying(event, retries: session.site.installRetries)
            } _: { locked, record in
                // A marker read before a re-arm removed it belongs to the old run: it must not move the new one.
                if source == StatusMarkers.source, try StatusMarkers(session: session).read(of: [mac])[mac]?.events[event] == nil {
                    throw LifecycleRefusal(event: event, state: record.state, reason: "its marker on the share is gone (the host was armed again since it was read)", isReplay: true)
                }
                return try move(record, to: try record.lifecycle.applying(event, retries: session.site.installRetries), kind: .lifecycle, detail: detail, locked: locked)
            }
        }
    }

    /// Puts a note in the timeline of the host with `mac` (what its driver step did), once: a note
    /// with the same words already there is not written again. Changes no state. Returns whether it
    /// was written.
    @discardableResult
    public func note(_ marker: String, mac: MACAddress, message: String, source: String) throws -> Bool {
        try session.located {
            let detail = message.isEmpty ? "\(marker) (\(source))" : "\(marker) (\(source)): \(message)"
            var written = false
            _ = try HostLookup(session: session).changing(mac) { _ in } _: { locked, record in
                let inventory = try locked.inventory()
                if try !inventory.events(mac: record.host.primaryMAC).contains(where: { $0.kind == .note && $0.detail == detail }) {
                    try inventory.write("record a note") { try $0.note(id: record.id, mac: record.host.primaryMAC, detail: detail) }
                    written = true
                }
                return LifecycleChange(before: record, after: record, files: [], notices: [])
            }
            return written
        }
    }

    /// Arms a host again for an install on its next boot (`zerotouch host arm`), whatever its state.
    public func arm(_ mac: MACAddress, mode: HostMode = .install) throws -> LifecycleChange {
        try session.located {
            let lookup = HostLookup(session: session)
            let change = try lookup.changing(mac) { record in
                let profile = try lookup.profile(of: record.host)
                if mode == .capture, !profile.os.isWindows {
                    throw FleetError(ValidationIssue(field: "--capture", value: nil, rule: "needs a Windows profile (\(record.host.name) uses \(profile.name))"))
                }
            } _: { locked, record in
                try move(record, to: .armed(mode), kind: .armed, detail: "armed for \(mode.rawValue) from the command line (was \(record.state.rawValue))",
                         locked: locked)
            }
            session.file.keepSnapshot()
            return change
        }
    }

    /// The checker of callback tokens; the site key must exist (any apply or host command makes it).
    public func callbackTokens() throws -> CallbackTokens {
        CallbackTokens(key: try session.savedSiteKey())
    }

    /// Publishes the files `next` needs, then records it. In that order, so that a change whose
    /// files cannot be written (the share down, the disk full) is `Deferred` with nothing recorded,
    /// and one that is recorded has its files: an event answered 200 is never lost. A retry after
    /// a failed record finds the files already right and records only.
    func move(_ record: StoredHost, to next: HostLifecycle, kind: HostEventKind, detail: String, locked: LockedSite) throws -> LifecycleChange {
        _ = try HostLookup(session: session).profile(of: record.host)
        let renderers = try HostRenderers(session)
        var host = record.host
        host.mode = next.mode
        // Most events (booting, applied, done) change neither the entries nor the install files:
        // then there is nothing to render or publish, only the event to record.
        let filesChange = next.mode != record.host.mode || next.filesMode != record.lifecycle.filesMode || next.state == .armed
        let desired = filesChange ? try renderers.filesByRoot(of: [host], filesMode: next.filesMode) : [:]
        var files: [PlannedChange] = []
        do {
            // Before the record: a host armed with an old run's markers still there would seem to progress.
            if next.state == .armed { try StatusMarkers(session: session).clear(of: host) }
            if filesChange { files = try SitePublisher(session: session).publish(desired, owners: [.host(host.primaryMAC)], locked: locked, dhcp: false) }
        } catch let error as FleetError {
            throw error
        } catch {
            // A root that cannot be written now (the share down, the disk full, a file in the way).
            throw Deferred("\(error)")
        }
        let inventory = try locked.inventory()
        do {
            try inventory.write("record a lifecycle change") { transaction in
                try transaction.setLifecycle(id: record.id, mac: host.primaryMAC, next, kind: kind, detail: detail)
            }
        } catch {
            guard error.isTransient else { throw error }
            throw Deferred("\(error)")
        }
        let after = StoredHost(id: record.id, host: host, origin: record.origin, declaredMode: record.declaredMode, lifecycle: next)
        return LifecycleChange(before: record, after: after, files: files, notices: locked.notices)
    }
}
