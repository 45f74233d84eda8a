public import Fleet
import Inventory
public import Publish

extension Orchestrator {
    /// What an import did: hosts registered, and lines skipped because their MAC was already registered.
    public struct ImportResult: Sendable {
        public let added: [Host]
        public let skipped: [String]
        public let changes: [PlannedChange]
    }

    /// Registers the hosts of a host-os mapping. `profiles` maps the file's OS names to profiles;
    /// `fallback` serves names it does not list. All lines are checked first: one bad line, nothing written.
    public func importHostOS(_ mapping: HostOSMapping, file name: String, profiles: [String: String], fallback: String?) throws -> ImportResult {
        var issues: [ValidationIssue] = []
        var hosts: [Host] = []
        var skipped: [String] = []
        let inventory = try existingInventory()
        for entry in mapping.entries {
            let location = "\(name):\(entry.line)"
            if let existing = try inventory?.host(mac: entry.mac) {
                skipped.append("\(location): \(entry.mac) is already registered as \(existing.host.name); skipped")
                continue
            }
            guard let profile = profiles[entry.osName] ?? fallback else {
                issues.append(ValidationIssue(field: "os", value: entry.osName,
                                              rule: "has no profile: add --profile-map \(entry.osName)=PROFILE or --profile PROFILE", location: location))
                continue
            }
            let hostName = entry.name ?? "zt-" + entry.mac.spelled(separator: "", uppercase: false)
            hosts.append(Host(name: hostName, macs: [entry.mac], profile: profile))
        }
        guard issues.isEmpty else { throw FleetError(issues) }
        guard !hosts.isEmpty else { return ImportResult(added: [], skipped: skipped, changes: []) }
        let changes = try addHosts(hosts, event: "imported from \(name)")
        return ImportResult(added: hosts, skipped: skipped, changes: changes)
    }
}
