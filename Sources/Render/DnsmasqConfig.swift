public import Fleet

/// dnsmasq's two files (`dnsmasq(8)`, FORMATS.md §4): a snippet for `conf-file=` with the range, the
/// options and the boot-file choice, and the `dhcp-hostsfile` it names, which dnsmasq re-reads on SIGHUP.
public enum DnsmasqConfig {
    static let tag = "zerotouch"

    public static func snippet(_ settings: DHCPSettings, site: Site, hostBoot: DHCPHostBoot = DHCPHostBoot()) -> String {
        var lines = ["# ZeroTouch: DHCP settings for dnsmasq. Written by 'zerotouch apply'; changes made here are overwritten.",
                     "# Use it from dnsmasq.conf with: conf-file=\(settings.output)"]
        lines += settings.interfaces.map { "interface=\($0)" }
        // One range per subnet, tagged so each gets its own options; dnsmasq answers a relayed request
        // from the range that holds its giaddr.
        for (index, subnet) in settings.subnets.enumerated() {
            let tag = index == 0 ? tag : "\(tag)-\(index + 1)"
            let network = subnet.subnet
            if let range = subnet.range {
                lines.append("dhcp-range=set:\(tag),\(range.lowerBound),\(range.upperBound),\(network.netmask),\(settings.leaseTime)")
            } else {
                lines.append("dhcp-range=set:\(tag),\(network.network),static,\(network.netmask),\(settings.leaseTime)")
            }
            if !subnet.routers.isEmpty { lines.append("dhcp-option=tag:\(tag),option:router,\(list(subnet.routers))") }
            if !subnet.dns.isEmpty { lines.append("dhcp-option=tag:\(tag),option:dns-server,\(list(subnet.dns))") }
            if let domain = subnet.domain { lines.append("dhcp-option=tag:\(tag),option:domain-name,\(domain)") }
        }
        lines.append("dhcp-hostsfile=\(settings.hostsFile)")
        lines += bootLines(DHCPBootChoice.table(settings, site: site, hostBoot: hostBoot), server: site.server)
        // Option 252 for Windows' boot manager, forced (the firmware's request does not list it); the
        // hosts file sets the tag on each NIC.
        lines += hostBoot.bcdTags.map { "dhcp-option-force=tag:\($0.name),\(DHCPHostBoot.bcdOption),\(quoted($0.path))" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A proxyDHCP (`site.dhcp.server: proxy`): dnsmasq answers only PXE clients, with the boot file
    /// for their architecture and this server, next to the site's own DHCP server, which keeps giving
    /// the addresses. Boot files come as `pxe-service` lines (the PXE boot-server answer that proxy
    /// mode sends), one per client system type; iPXE, which also asks, is sent on to the boot server.
    public static func proxy(_ settings: DHCPSettings, site: Site, hostBoot: DHCPHostBoot = DHCPHostBoot()) -> String {
        let subnet = settings.subnet
        var lines = ["# ZeroTouch: a proxyDHCP for dnsmasq. Written by 'zerotouch apply'; changes made here are overwritten.",
                     "# It gives no addresses: your DHCP server keeps doing that, and must send no boot file of its own.",
                     "# Use it from dnsmasq.conf with: conf-file=\(settings.output)"]
        lines += settings.interfaces.map { "interface=\($0)" }
        lines.append("dhcp-range=\(subnet.network),proxy,\(subnet.netmask)")
        let table = DHCPBootChoice.table(settings, site: site, hostBoot: hostBoot)
        var notIPXE = ""
        for row in table {
            if let userClass = row.userClass {
                lines += ["dhcp-userclass=set:\(row.name),\(userClass)", "dhcp-boot=tag:\(row.name),\(row.file)"]
                notIPXE = "tag:!\(row.name),"
                continue
            }
            lines += row.macs.map { "dhcp-mac=set:\(row.name)-host,\($0)" }
            let tags = (row.macs.isEmpty ? "" : "tag:\(row.name)-host,")
                + row.yields(in: table).filter { $0.userClass == nil }.map { "tag:!\($0.name)-host," }.joined()
            for architecture in row.architectures {
                guard let csa = clientSystemType[architecture] else { continue }
                lines.append("pxe-service=\(notIPXE)\(tags)\(csa),\"ZeroTouch\",\(row.file),\(site.server)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// dnsmasq's names for the PXE client system types (option 93) that `pxe-service` takes.
    static let clientSystemType = [0: "x86PC", 7: "BC_EFI", 9: "X86-64_EFI", 11: "ARM64_EFI"]

    /// The hosts file: `MAC[,MAC…][,set:TAG][,IP],NAME` per address of a host (the tag: option 252 for
    /// Windows' boot manager). The NICs that share an address share one line, so dnsmasq gives it to
    /// whichever NIC asks.
    public static func hostsFile(hosts: [Host], nicNetworks: [MACAddress: HostNetwork] = [:], hostBoot: DHCPHostBoot = DHCPHostBoot()) -> String {
        var out = "# ZeroTouch: one line per host address (dhcp-hostsfile). Written by 'zerotouch apply'; changes made here are overwritten.\n"
        for line in hostLines(hosts, nicNetworks: nicNetworks, hostBoot: hostBoot) {
            out += line
            out += "\n"
        }
        return out
    }

    /// The same hosts as `dhcp-host=` lines, for a self-contained file on stdout.
    public static func inlineHosts(hosts: [Host], nicNetworks: [MACAddress: HostNetwork] = [:], hostBoot: DHCPHostBoot = DHCPHostBoot()) -> String {
        hostLines(hosts, nicNetworks: nicNetworks, hostBoot: hostBoot).map { "dhcp-host=" + $0 + "\n" }.joined()
    }

    static func hostLines(_ hosts: [Host], nicNetworks: [MACAddress: HostNetwork], hostBoot: DHCPHostBoot) -> [String] {
        let tags = Dictionary(uniqueKeysWithValues: hostBoot.bcdTags.map { ($0.path, $0.name) })
        return DHCPReservation.sorted(hosts, nicNetworks: nicNetworks).flatMap { reservation in
            reservation.groups.map { group in
                var fields = group.macs.map(\.description)
                if let tag = group.macs.lazy.compactMap({ hostBoot.bcdPaths[$0] }).first.flatMap({ tags[$0] }) { fields.append("set:" + tag) }
                if let address = group.address { fields.append(address.description) }
                fields.append(reservation.label)
                return fields.joined(separator: ",")
            }
        }
    }

    /// The boot-file rows as tags: one per architecture row (`zt-arch` marks a client that sent
    /// option 93 at all), a `-host` tag per per-host row (`dhcp-mac`), and each row that another takes
    /// first excluded from it (iPXE's: dnsmasq sets its tag by user class alone), so no two
    /// `dhcp-boot` lines can match one client. An architecture in no row
    /// matches no line; `log-dhcp` shows its tags.
    static func bootLines(_ table: [DHCPBootChoice], server: IPv4Address) -> [String] {
        var lines = ["dhcp-match=set:zt-arch,option:client-arch"]
        let byUserClass = table.filter { $0.userClass != nil }
        for row in table {
            var tags = ["tag:\(row.name)"]
            if !row.macs.isEmpty {
                lines += row.macs.map { "dhcp-mac=set:\(row.name)-host,\($0)" }
                tags.append("tag:\(row.name)-host")
            }
            if let userClass = row.userClass {
                lines.append("dhcp-userclass=set:\(row.name),\(userClass)")
                if !row.architectures.isEmpty {
                    lines += row.architectures.map { "dhcp-match=set:\(row.name)-arch,option:client-arch,\($0)" }
                    tags.append("tag:\(row.name)-arch")
                }
            } else {
                lines += row.architectures.map { "dhcp-match=set:\(row.name),option:client-arch,\($0)" }
            }
            let excluded = row.yields(in: table).map { "tag:!\($0.name)\($0.macs.isEmpty ? "" : "-host")" }
            let target = row.isURL ? row.file : "\(row.file),,\(server)"
            lines.append("dhcp-boot=" + (tags + excluded + [target]).joined(separator: ","))
            if row.includesNoArchitecture {
                let none = byUserClass.filter { $0.architectures.isEmpty }.map { "tag:!\($0.name)" }
                lines.append("dhcp-boot=" + (["tag:!zt-arch"] + none + [target]).joined(separator: ","))
            }
            if let vendorClass = row.vendorClass { lines.append("dhcp-option-force=tag:\(row.name),option:vendor-class,\(vendorClass)") }
        }
        return lines
    }

    /// A quoted dnsmasq string, where `\\` and `\"` are escapes.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func list(_ addresses: [IPv4Address]) -> String {
        addresses.map(\.description).joined(separator: ",")
    }
}
