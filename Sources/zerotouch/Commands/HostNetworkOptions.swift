import Fleet

/// Static addressing given on the command line, checked with the same rules as the fleet file.
struct HostNetworkOptions {
    let ip: String?
    let gateway: String?
    let dns: [String]

    func network() throws(FleetError) -> HostNetwork? {
        guard let ip else {
            if gateway != nil || !dns.isEmpty {
                throw FleetError(ValidationIssue(field: "--ip", value: nil, rule: "is required when --gateway or --dns is given"))
            }
            return nil
        }
        var issues: [ValidationIssue] = []
        func parse<T>(_ field: String, _ text: String, _ parser: (String) throws(RuleViolation) -> T) -> T? {
            do { return try parser(text) } catch {
                issues.append(ValidationIssue(field: field, value: text, violation: error))
                return nil
            }
        }
        let interface = parse("--ip", ip, IPv4Interface.init)
        let gatewayAddress = gateway.flatMap { parse("--gateway", $0, IPv4Address.init) }
        let servers = dns.compactMap { parse("--dns", $0, IPv4Address.init) }
        guard issues.isEmpty, let interface else { throw FleetError(issues) }
        return HostNetwork(interface: interface, gateway: gatewayAddress, dns: servers)
    }
}
