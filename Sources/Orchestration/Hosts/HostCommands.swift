public import Fleet
import Inventory
import Publish
import Render

/// `zerotouch host add|mode|rm`: each change is one inventory transaction, then the host's files
/// follow at once.
public struct HostCommands {
    let session: SiteSession

    public init(session: SiteSession) {
        self.session = session
    }

    /// Registers a host from the command line. `host` was built from validated values; here it is
    /// checked against the profiles, the inventory and the hosts the fleet file declares.
    public func add(_ host: Host) throws -> HostCommandResult {
        try session.located {
            let registered = try register([host], event: "added from the command line")
            return HostCommandResult(host: registered.hosts[0], files: registered.files, notices: registered.notices)
        }
    }

    /// Registers `hosts`, screened first: one refused, none registered. Returns them as stored.
    func register(_ hosts: [Host], event: String) throws -> (hosts: [StoredHost], files: [PlannedChange], notices: [String]) {
        let issues = try HostScreen(session: session).check(hosts) { host, key in hosts.count == 1 ? "--\(key)" : "\(host.primaryMAC): --\(key)" }.flatMap(\.issues)
        guard issues.isEmpty else { throw FleetError(issues) }
        var desired = try HostRenderers(session).filesByRoot(of: hosts)
        return try session.changing { locked in
            // Another command saved the site key since these files were rendered: render again with it.
            if locked.othersWereFirst { desired = try HostRenderers(session).filesByRoot(of: hosts) }
            try locked.inventory().write("add hosts") { transaction in
                for host in hosts {
                    try transaction.insert(host, origin: .cli, declaredMode: nil, state: FleetSync.state(after: host.mode, from: nil), event: event)
                }
            }
            let files = try SitePublisher(session: session).publish(desired, owners: Set(hosts.map { .host($0.primaryMAC) }), locked: locked)
            let added = Set(hosts.map(\.primaryMAC))
            return (try locked.inventory().hosts().filter { added.contains($0.host.primaryMAC) }, files, locked.notices)
        }
    }

    /// Sets a host's mode; `install` and `capture` arm it, `localboot` and `disabled` stand it down.
    /// Reservations do not depend on mode: the DHCP files stay as they are.
    public func setMode(of mac: MACAddress, to mode: HostMode) throws -> HostCommandResult {
        try session.located {
            var desired: [PublishRoot: [Artifact]] = [:]
            let lookup = HostLookup(session: session)
            let result = try lookup.changing(mac) { record in
                let profile = try lookup.profile(of: record.host)
                if mode == .capture, !profile.os.isWindows {
                    throw FleetError(ValidationIssue(field: "MODE", value: mode.rawValue,
                                                     rule: "needs a Windows profile (\(record.host.name) uses \(profile.name), os \(profile.os.rawValue))"))
                }
                var moded = record.host
                moded.mode = mode
                desired = try HostRenderers(session).filesByRoot(of: [moded])
            } _: { locked, record in
                var host = record.host
                host.mode = mode
                let state = mode == record.host.mode ? record.state : FleetSync.state(after: mode, from: record.state)
                // Before the record: a host armed with an old run's markers still there would seem to progress.
                if state == .armed && record.state != .armed { try StatusMarkers(session: session).clear(of: host) }
                if host != record.host || state != record.state {
                    try locked.inventory().write("set the mode") { transaction in
                        try transaction.update(id: record.id, host, origin: record.origin, declaredMode: record.declaredMode, state: state,
                                               kind: .mode, event: "mode \(record.host.mode.rawValue) -> \(mode.rawValue) from the command line")
                    }
                }
                let files = try SitePublisher(session: session).publish(desired, owners: [.host(host.primaryMAC)], locked: locked, dhcp: false)
                let updated = StoredHost(id: record.id, host: host, origin: record.origin, declaredMode: record.declaredMode, state: state)
                return HostCommandResult(host: updated, files: files, notices: locked.notices)
            }
            session.file.keepSnapshot()
            return result
        }
    }

    /// Removes a host registered from the command line, and its files. Hosts the fleet file declares
    /// are removed by deleting them from the file.
    public func remove(_ mac: MACAddress) throws -> HostCommandResult {
        try HostLookup(session: session).changing(mac) { record in
            guard record.origin == .cli else {
                throw OrchestrationError("\(record.host.name) (\(record.host.primaryMAC)) is declared in \(session.file.path); delete it there and run 'zerotouch apply'. Nothing was changed.")
            }
        } _: { locked, record in
            try locked.inventory().write("remove a host") { transaction in
                try transaction.delete(id: record.id, mac: record.host.primaryMAC, event: "removed from the command line")
            }
            let files = try SitePublisher(session: session).publish([:], owners: [.host(record.host.primaryMAC)], locked: locked)
            return HostCommandResult(host: record, files: files, notices: locked.notices)
        }
    }
}
