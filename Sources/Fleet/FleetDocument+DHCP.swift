import Yams

extension FleetDocument {
    static let dhcpKeys = ["server", "output", "hosts_file", "subnet", "range", "routers", "dns", "domain", "lease_time", "boot",
                           "pid_file", "control_socket", "lease_file", "check_config", "restart", "interfaces", "http_boot", "subnets"]
    static let subnetKeys = ["subnet", "range", "routers", "dns", "domain"]
    /// Keys that only some servers understand (a proxyDHCP has no reservations, so no address settings).
    static let dhcpKeysByServer: [String: Set<DHCPSettings.Server>] = [
        "hosts_file": [.dnsmasq], "pid_file": [.dnsmasq], "control_socket": [.kea], "lease_file": [.kea], "check_config": [.isc], "restart": [.isc],
        // A proxyDHCP gives no addresses, so it has no lease or the options that come with one.
        "range": [.isc, .dnsmasq, .kea], "routers": [.isc, .dnsmasq, .kea], "dns": [.isc, .dnsmasq, .kea], "domain": [.isc, .dnsmasq, .kea],
        "lease_time": [.isc, .dnsmasq, .kea], "http_boot": [.isc, .dnsmasq, .kea], "subnets": [.isc, .dnsmasq, .kea],
    ]

    static func parseDHCP(_ node: Node, reader: YAMLReader, directory: String) -> (valid: Bool, settings: DHCPSettings?) {
        let field = "site.dhcp"
        guard let entries = reader.mapping(node, field: field, allowed: dhcpKeys) else { return (false, nil) }
        let before = reader.issues.count
        let options = DHCPSettings.Server.allCases.map(\.rawValue).joined(separator: ", ")
        let serverText = reader.required(entries, "server", field: field, at: node, hint: "one of \(options)")
        let server = serverText.flatMap { reader.choice($0, node: entries["server"], field: "\(field).server", default: DHCPSettings.Server.isc) }
        if let server {
            for (key, owners) in dhcpKeysByServer.sorted(by: { $0.key < $1.key }) where entries[key] != nil && !owners.contains(server) {
                let names = DHCPSettings.Server.allCases.filter(owners.contains).map(\.rawValue).joined(separator: ", ")
                reader.fail("\(field).\(key)", entries[key], value: nil, "applies to server \(names) only, not \(server.rawValue)")
            }
        }
        func path(_ key: String) -> String? {
            guard let text = reader.scalar(entries[key], field: "\(field).\(key)") else { return nil }
            return reader.parse(text, node: entries[key]!, field: "\(field).\(key)") { (text) throws(RuleViolation) in
                try SitePath.resolve(text, relativeTo: directory)
            }
        }
        let output = reader.required(entries, "output", field: field, at: node, hint: "the file to write, relative to the fleet file or absolute") != nil
            ? path("output") : nil
        let own = parseSubnet(entries, at: node, field: field, reader: reader)
        var relayed: [DHCPSubnet] = []
        for (offset, item) in reader.items(entries["subnets"], field: "\(field).subnets").enumerated() {
            let itemField = "\(field).subnets[\(offset)]"
            guard let itemEntries = reader.mapping(item, field: itemField, allowed: subnetKeys),
                  let parsed = parseSubnet(itemEntries, at: item, field: itemField, reader: reader) else { continue }
            let earlier = ([own].compactMap { $0 } + relayed).first { $0.subnet.overlaps(parsed.subnet) }
            if let earlier {
                reader.fail("\(itemField).subnet", itemEntries["subnet"], value: parsed.subnet.description, "overlaps \(earlier.subnet); each subnet is declared once")
            }
            relayed.append(parsed)
        }
        var leaseTime = 3600
        if let text = reader.scalar(entries["lease_time"], field: "\(field).lease_time") {
            if let value = Int(text), (60...2_147_483_647).contains(value) { leaseTime = value } else {
                reader.fail("\(field).lease_time", entries["lease_time"], value: text, "is not a number of seconds from 60 to 2147483647")
            }
        }
        let loader = reader.choice(reader.scalar(entries["boot"], field: "\(field).boot"), node: entries["boot"], field: "\(field).boot",
                                   default: DHCPSettings.Loader.pxelinux)
        let restart = reader.list(entries["restart"], field: "\(field).restart").map(\.0)
        if let bad = restart.first(where: { $0.isEmpty || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }) {
            reader.fail("\(field).restart", entries["restart"], value: bad, "has an empty argument or a control character (give the command as a list of arguments, such as [systemctl, restart, isc-dhcp-server])")
        }
        let interfaces = reader.list(entries["interfaces"], field: "\(field).interfaces").enumerated().compactMap { offset, item -> String? in
            // A Linux interface name (IFNAMSIZ: up to 15 bytes), in the characters names are made of in
            // practice, so that none can end a line, a string or a list in a daemon's configuration.
            let name = item.0
            guard (1...15).contains(name.utf8.count), name != ".", name != "..",
                  name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._@-".unicodeScalars.contains($0)) }) else {
                reader.fail("\(field).interfaces[\(offset)]", item.1, value: name, "is not a network interface name (1 to 15 characters, such as eth1 or enp3s0; 'ip link' lists them)")
                return nil
            }
            return name
        }
        let httpBoot = reader.boolean(entries["http_boot"], field: "\(field).http_boot")
        guard reader.issues.count == before, let server, let output, let own, let loader else { return (false, nil) }
        let settings = DHCPSettings(server: server, output: output, hostsFile: path("hosts_file"), subnet: own.subnet, range: own.range,
                                    routers: own.routers, dns: own.dns, domain: own.domain, leaseTime: leaseTime, loader: loader,
                                    pidFile: path("pid_file"), controlSocket: path("control_socket"), leaseFile: path("lease_file"), checkConfig: path("check_config"),
                                    restart: restart, interfaces: interfaces, httpBoot: httpBoot, relayed: relayed)
        if settings.hostsFile == settings.output {
            reader.fail("\(field).hosts_file", entries["hosts_file"], value: nil, "is the same file as site.dhcp.output; give the hosts file its own name")
            return (false, nil)
        }
        return (true, settings)
    }

    /// A subnet and what its clients are told, from `site.dhcp` itself or an entry of `site.dhcp.subnets`.
    static func parseSubnet(_ entries: [String: Node], at node: Node, field: String, reader: YAMLReader) -> DHCPSubnet? {
        let before = reader.issues.count
        let subnet = reader.required(entries, "subnet", field: field, at: node, hint: "the network of the reservations, such as 192.168.1.0/24")
            .flatMap { reader.parse($0, node: entries["subnet"]!, field: "\(field).subnet", IPv4Subnet.init) }
        let range = parseRange(entries["range"], subnet: subnet, subnetField: field, reader: reader)
        func addresses(_ key: String) -> [IPv4Address] {
            reader.list(entries[key], field: "\(field).\(key)").enumerated().compactMap { offset, item in
                reader.parse(item.0, node: item.1, field: "\(field).\(key)[\(offset)]", IPv4Address.init)
            }
        }
        let routers = addresses("routers")
        if let subnet, let router = routers.first(where: { !subnet.hosts($0) }) {
            reader.fail("\(field).routers", entries["routers"], value: router.description, "is outside \(field).subnet \(subnet); clients cannot reach it")
        }
        let dns = addresses("dns")
        let domain = reader.scalar(entries["domain"], field: "\(field).domain")
        if let domain { _ = reader.parse(domain, node: entries["domain"]!, field: "\(field).domain") { (text) throws(RuleViolation) in try HostNameRule.dns.check(text) } }
        guard reader.issues.count == before, let subnet, let range else { return nil }
        return DHCPSubnet(subnet: subnet, range: range, routers: routers, dns: dns, domain: domain)
    }

    /// `FIRST-LAST` inside the subnet, or `none`. Absent means `none`: reservations only.
    /// Returns `.some(nil)` for none, `nil` when refused.
    static func parseRange(_ node: Node?, subnet: IPv4Subnet?, subnetField: String, reader: YAMLReader) -> ClosedRange<IPv4Address>?? {
        let field = YAMLReader.join(subnetField, "range")
        guard let text = reader.scalar(node, field: field), text != "none" else { return .some(nil) }
        let rule = "is not FIRST-LAST (such as 192.168.1.200-192.168.1.250) or none"
        let ends = text.split(separator: "-", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
        guard ends.count == 2, let first = try? IPv4Address(ends[0]), let last = try? IPv4Address(ends[1]) else {
            reader.fail(field, node, value: text, rule)
            return nil
        }
        guard first <= last else {
            reader.fail(field, node, value: text, "starts after it ends; give the lower address first")
            return nil
        }
        if let subnet, !subnet.hosts(first) || !subnet.hosts(last) {
            reader.fail(field, node, value: text, "is not inside \(subnetField).subnet \(subnet) (network and broadcast addresses excluded)")
            return nil
        }
        return .some(first...last)
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
