public import Fleet
public import Inventory

/// Works out how the inventory must change to match the fleet file. Pure: reads no files, writes nothing.
///
/// The file owns the hosts it declares: apply adds, updates and removes them. Hosts registered from the
/// command line are left alone, unless the file now declares the same primary MAC, which makes the
/// file their owner. A host's `mode` from the file takes effect only when the file's value changes
/// (or the host is new), so an unrelated edit never re-arms hosts that have installed.
public enum FleetSync {
    public struct Result: Sendable {
        public let changes: [HostChange]
        /// Every host after the changes, file and command-line alike, in a stable order.
        public let hosts: [Host]
    }

    public static func reconcile(file hosts: [Host], stored: [StoredHost], profiles: [String: Profile]) throws(FleetError) -> Result {
        var byMAC: [MACAddress: StoredHost] = [:]
        var byName: [String: StoredHost] = [:]
        for record in stored {
            for mac in record.host.macs { byMAC[mac] = record }
            byName[record.host.name.lowercased()] = record
        }
        var issues: [ValidationIssue] = []
        var changes: [HostChange] = []
        var claimed = Set<Int64>()
        var matches: [(index: Int, host: Host, record: StoredHost?)] = []

        for (index, host) in hosts.enumerated() {
            var record = byMAC[host.primaryMAC]
            if record == nil, let named = byName[host.name.lowercased()], named.origin == .file {
                record = named
            }
            if let found = record, claimed.contains(found.id) { record = nil }
            if let record { claimed.insert(record.id) }
            matches.append((index, host, record))
        }
        // Hosts of the file that were not matched again are removed; command-line hosts stay.
        let removed = stored.filter { $0.origin == .file && !claimed.contains($0.id) }
        let kept = stored.filter { $0.origin == .cli && !claimed.contains($0.id) }
        var keptMACs: [MACAddress: StoredHost] = [:]
        var keptNames: [String: StoredHost] = [:]
        for record in kept {
            for mac in record.host.macs { keptMACs[mac] = record }
            keptNames[record.host.name.lowercased()] = record
            // A command-line host must still fit the profiles the file defines now.
            issues += HostRules.check(record.host, profiles: profiles) { "host \(record.host.primaryMAC) (added from the command line): \($0)" }
        }

        for (index, host, record) in matches {
            for (offset, mac) in host.macs.enumerated() {
                if let other = keptMACs[mac] {
                    issues.append(ValidationIssue(field: offset == 0 ? "hosts[\(index)].mac" : "hosts[\(index)].extra_macs[\(offset - 1)]",
                                                  value: mac.description,
                                                  rule: "is registered to \(other.host.name), added from the command line; remove it there ('zerotouch host rm \(other.host.primaryMAC)') or drop it from the file"))
                }
            }
            if let other = keptNames[host.name.lowercased()] {
                issues.append(ValidationIssue(field: "hosts[\(index)].name", value: host.name,
                                              rule: "is the name of \(other.host.primaryMAC), added from the command line; host names are unique"))
            }
            changes += change(for: host, record: record)
        }
        guard issues.isEmpty else { throw FleetError(issues) }
        for record in removed {
            changes.append(.remove(record, detail: "no longer in the fleet file"))
        }
        var changed: [MACAddress: Host] = [:]
        for change in changes where change.kind != .remove { changed[change.primaryMAC] = change.host }
        let final = matches.map { changed[$0.host.primaryMAC] ?? $0.record!.host }
        return Result(changes: changes, hosts: final + kept.map(\.host))
    }

    /// The state a host takes when its mode becomes `mode`.
    public static func state(after mode: HostMode, from state: HostState?) -> HostState {
        switch mode {
        case .install, .capture: .armed
        case .localboot, .disabled: state == nil || state == .armed ? .idle : state!
        }
    }

    static func change(for host: Host, record: StoredHost?) -> [HostChange] {
        guard let record else {
            return [.add(host, state: state(after: host.mode, from: nil), detail: "new in the fleet file, mode \(host.mode.rawValue)")]
        }
        var merged = host
        var newState = record.state
        var notes: [String] = []
        if record.declaredMode == host.mode && record.origin == .file {
            merged.mode = record.host.mode
        } else if record.host.mode != host.mode {
            newState = state(after: host.mode, from: record.state)
            notes.append("mode \(record.host.mode.rawValue) -> \(host.mode.rawValue)")
        }
        if record.origin == .cli { notes.append("now declared in the fleet file") }
        if record.host.name != host.name { notes.append("name \(record.host.name) -> \(host.name)") }
        if record.host.macs != host.macs { notes.append("NICs \(record.host.macs.map(\.description).joined(separator: ",")) -> \(host.macs.map(\.description).joined(separator: ","))") }
        if record.host.profile != host.profile { notes.append("profile \(record.host.profile) -> \(host.profile)") }
        if record.host.network != host.network { notes.append("network settings") }
        let declaredChanged = record.declaredMode != host.mode
        guard !notes.isEmpty || declaredChanged else { return [] }
        return [.update(record, to: merged, declaredMode: host.mode, state: newState,
                        detail: notes.isEmpty ? "fleet file mode recorded as \(host.mode.rawValue)" : notes.joined(separator: "; "))]
    }
}
