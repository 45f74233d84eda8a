/// Rules that tie a host to its profile and to the other hosts; shared by the fleet file and the CLI.
public enum HostRules {
    /// Checks one host against the profiles. `field` names a host attribute the way the user wrote it
    /// (`hosts[2].name` in the file, `--name` on the command line).
    public static func check(_ host: Host, profiles: [String: Profile], field: (String) -> String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        guard let profile = profiles[host.profile] else {
            let known = profiles.keys.sorted().joined(separator: ", ")
            return [ValidationIssue(field: field("profile"), value: host.profile,
                                    rule: "is not a profile of this site (known: \(known.isEmpty ? "none" : known))")]
        }
        do {
            try profile.os.hostNameRule.check(host.name)
        } catch {
            issues.append(ValidationIssue(field: field("name"), value: host.name, violation: error))
        }
        if host.mode == .capture && !profile.os.isWindows {
            issues.append(ValidationIssue(field: field("mode"), value: host.mode.rawValue,
                                          rule: "needs a Windows profile (profile \(profile.name) is os \(profile.os.rawValue)); capture boots WinPE"))
        }
        if let network = host.network, let gateway = network.gateway {
            if gateway == network.interface.address {
                issues.append(ValidationIssue(field: field("gateway"), value: "\(gateway)", rule: "is the host's own address"))
            } else if !network.interface.hostsAddress(gateway) {
                issues.append(ValidationIssue(field: field("gateway"), value: "\(gateway)",
                                              rule: "is outside the host's subnet \(network.interface.network)/\(network.interface.prefixLength)"))
            }
        }
        return issues
    }
}

/// Finds MACs and names used twice, whatever their spelling.
public struct UniquenessCheck {
    private var macOwners: [MACAddress: String] = [:]
    private var nameOwners: [String: String] = [:]

    public init() {}

    /// Records `mac` for the owner described by `field`; returns an issue when another place holds it.
    public mutating func claim(_ mac: MACAddress, spelled: String, field: String, owner: String) -> ValidationIssue? {
        if let first = macOwners[mac] {
            return ValidationIssue(field: field, value: spelled, rule: "is \(mac), already used by \(first); a NIC belongs to one host")
        }
        macOwners[mac] = "\(field) (\(owner))"
        return nil
    }

    public mutating func claim(name: String, field: String) -> ValidationIssue? {
        let key = name.lowercased()
        if let first = nameOwners[key] {
            return ValidationIssue(field: field, value: name, rule: "is already the name of \(first); host names are unique, ignoring case")
        }
        nameOwners[key] = field
        return nil
    }
}
