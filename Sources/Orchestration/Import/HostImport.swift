public import Fleet
public import Importers
import Inventory
public import Publish

/// `zerotouch import host-os|dhcpd`: registers many hosts at once, all checked first.
public struct HostImport {
    let session: SiteSession

    public init(session: SiteSession) {
        self.session = session
    }

    /// What an import did: hosts registered, and lines skipped because their MAC was already registered.
    public struct ImportResult: Sendable {
        public let added: [Host]
        public let skipped: [String]
        public let changes: [PlannedChange]
        /// What else happened (a DHCP daemon told, a killed run's leftovers removed).
        public let notices: [String]
    }

    /// Registers the hosts of a host-os mapping. `profiles` maps the file's OS names to profiles;
    /// `fallback` serves names it does not list. All lines are checked first: one bad line, nothing written.
    public func hostOS(_ mapping: HostOSMapping, file name: String, profiles: [String: String], fallback: String?) throws -> ImportResult {
        var issues: [ValidationIssue] = []
        var hosts: [Host] = []
        var skipped: [String] = []
        let inventory = try session.existingInventory()
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
        guard !hosts.isEmpty else { return ImportResult(added: [], skipped: skipped, changes: [], notices: []) }
        let registered = try HostCommands(session: session).register(hosts, event: "imported from \(name)")
        return ImportResult(added: hosts, skipped: skipped, changes: registered.files, notices: registered.notices)
    }

    /// What `import dhcpd` did, besides the hosts it registered.
    public struct DhcpdImport: Sendable {
        public let result: ImportResult
        /// Declaration names that were not valid host names, and the names used instead.
        public let renamed: [String]
        /// Declarations left out (only with `keepGoing`), each with its reason.
        public let leftOut: [ValidationIssue]
    }

    /// Registers the `host` declarations of a dhcpd.conf. Declarations with the same fixed address
    /// become one host with several NICs. Without `keepGoing` any problem stops the import and
    /// nothing is registered; with it, what maps is registered and the rest reported. A file whose
    /// structure is broken (a block or string never closed) always stops.
    public func dhcpd(_ reader: ISCConfigReader, file name: String, profiles: ProfileMapFile, fallback: String?,
                            mode: HostMode, keepGoing: Bool) throws -> DhcpdImport {
        if reader.fatal { throw FleetError(reader.issues) }
        var problems = reader.issues
        var skipped: [String] = []
        var renamed: [String] = []
        var candidates: [(host: Host, declaration: ISCConfigReader.Declaration)] = []
        let inventory = try session.existingInventory()
        for group in Self.machines(reader.declarations) {
            let first = group[0]
            let location = "\(name):\(first.line)"
            let macs = group.flatMap(\.macs)
            if let existing = try macs.lazy.compactMap({ try inventory?.host(mac: $0) }).first {
                skipped.append("\(location): host \(first.name) is already registered as \(existing.host.name); skipped")
                continue
            }
            guard let profileName = group.lazy.compactMap({ profiles.profile(for: $0) }).first ?? fallback else {
                problems.append(ValidationIssue(field: "host \(first.name)", value: nil, rule: "has no profile: list it in --profile-map or give --profile", location: location))
                continue
            }
            let rule = session.config.profiles[profileName]?.os.hostNameRule ?? .dns
            let given = first.hostName ?? first.name
            var hostName = given
            if (try? rule.check(given)) == nil {
                guard let derived = rule.derived(from: given), (try? rule.check(derived)) != nil else {
                    problems.append(ValidationIssue(field: "host \(first.name)", value: given, rule: "is not a valid host name and none could be derived from it", location: location))
                    continue
                }
                hostName = derived
                renamed.append("\(location): '\(given)' is not a valid host name; registered as '\(derived)'")
            }
            var network: HostNetwork?
            if let address = first.address {
                guard let interface = first.subnet else {
                    problems.append(ValidationIssue(field: "host \(first.name).fixed-address", value: address.description,
                                                    rule: "is in no subnet the file declares, so its prefix length is unknown", location: location))
                    continue
                }
                network = HostNetwork(interface: interface, gateway: first.routers.first { interface.hostsAddress($0) && $0 != address }, dns: first.dns)
            }
            candidates.append((Host(name: hostName, macs: macs, profile: profileName, network: network, mode: mode), first))
        }
        let screened = try HostScreen(session: session).check(candidates.map(\.host)) { host, key in "host \(host.name).\(key)" }
        var accepted: [Host] = []
        for ((host, issues), candidate) in zip(screened, candidates) {
            if issues.isEmpty { accepted.append(host); continue }
            problems += issues.map { ValidationIssue(field: $0.field, value: $0.value, rule: $0.rule, location: "\(name):\(candidate.declaration.line)") }
        }
        if !keepGoing && !problems.isEmpty { throw FleetError(problems) }
        let registered = accepted.isEmpty ? nil : try HostCommands(session: session).register(accepted, event: "imported from \(name)")
        let result = ImportResult(added: accepted, skipped: skipped, changes: registered?.files ?? [], notices: registered?.notices ?? [])
        return DhcpdImport(result: result, renamed: renamed, leftOut: problems)
    }

    /// Declarations that share a fixed address are NICs of one machine; the others stand alone.
    static func machines(_ declarations: [ISCConfigReader.Declaration]) -> [[ISCConfigReader.Declaration]] {
        var groups: [[ISCConfigReader.Declaration]] = []
        var byAddress: [IPv4Address: Int] = [:]
        for declaration in declarations {
            if let address = declaration.address, let index = byAddress[address] {
                groups[index].append(declaration)
            } else {
                if let address = declaration.address { byAddress[address] = groups.count }
                groups.append([declaration])
            }
        }
        return groups
    }
}
