public import Fleet

/// An include file for ISC dhcpd (`dhcpd.conf(5)`, FORMATS.md §4): the subnet with the boot-file
/// choice by client architecture (option 93) and user class, and one `host` block per NIC.
///
/// Every value is typed or validated (addresses, MACs, DNS labels), so none can close a string
/// or a block; strings are still written through `quoted` for the day that changes.
public enum ISCDHCPConfig {
    public static func render(_ settings: DHCPSettings, site: Site, hosts: [Host], nicNetworks: [MACAddress: HostNetwork] = [:],
                              hostBoot: DHCPHostBoot = DHCPHostBoot()) -> String {
        var out = """
            # ZeroTouch: DHCP reservations for ISC dhcpd. Written by 'zerotouch apply'; changes made here are overwritten.
            # Use it from dhcpd.conf with: include "\(settings.output)";


            """
        if !hostBoot.bcdPaths.isEmpty {
            // A name of ZeroTouch's own for code 252: a dhcpd.conf may already call it wpad.
            out += "# Windows' boot manager reads the TFTP path of its BCD store from option 252.\noption zt-bcd-path code \(DHCPHostBoot.bcdOption) = text;\n\n"
        }
        let boot = bootChoice(DHCPBootChoice.table(settings, site: site, hostBoot: hostBoot))
        for (index, subnet) in settings.subnets.enumerated() {
            // dhcpd answers a relayed request from the subnet that holds its giaddr.
            if index > 0 { out += "\n# behind a DHCP relay\n" }
            out += declaration(subnet, leaseTime: settings.leaseTime, server: site.server, boot: boot)
        }
        for reservation in DHCPReservation.sorted(hosts, nicNetworks: nicNetworks) {
            out += "\n# \(reservation.host.name), profile \(reservation.host.profile)\n"
            for mac in reservation.macs {
                out += "host zt-\(mac.dashed) {\n  hardware ethernet \(mac);\n"
                if let address = reservation.address(of: mac) { out += "  fixed-address \(address);\n" }
                out += "  option host-name \(quoted(reservation.label));\n  next-server \(site.server);\n"
                if let bcd = hostBoot.bcdPaths[mac] {
                    // Sent whether or not the client asks: the firmware's request does not list 252.
                    out += "  option zt-bcd-path \(quoted(bcd));\n"
                    out += "  option dhcp-parameter-request-list = concat(option dhcp-parameter-request-list, fc);\n"
                }
                out += "}\n"
            }
        }
        return out
    }

    static func declaration(_ subnet: DHCPSubnet, leaseTime: Int, server: IPv4Address, boot: String) -> String {
        let network = subnet.subnet
        var out = "subnet \(network.network) netmask \(network.netmask) {\n  option subnet-mask \(network.netmask);\n"
        if !subnet.routers.isEmpty { out += "  option routers \(list(subnet.routers));\n" }
        if !subnet.dns.isEmpty { out += "  option domain-name-servers \(list(subnet.dns));\n" }
        if let domain = subnet.domain { out += "  option domain-name \(quoted(domain));\n" }
        out += """
              default-lease-time \(leaseTime);
              max-lease-time \(leaseTime);
              next-server \(server);

            """
        out += boot
        if let range = subnet.range {
            out += "  pool {\n    range \(range.lowerBound) \(range.upperBound);\n  }\n"
        }
        return out + "}\n"
    }

    /// The boot-file rows as one `if`/`elsif` chain in the table's order (iPXE's first, then the
    /// per-host rows); a client whose architecture is in no row gets no file name and a line in dhcpd's log.
    static func bootChoice(_ table: [DHCPBootChoice]) -> String {
        var out = ""
        for (index, row) in table.enumerated() {
            var tests = row.architectures.map { String(format: "option pxe-system-type = %02x:%02x", $0 >> 8, $0 & 0xFF) }
            if row.includesNoArchitecture { tests.insert("not exists pxe-system-type", at: 0) }
            var condition = tests.joined(separator: " or ")
            if let userClass = row.userClass {
                let byClass = "exists user-class and option user-class = \(quoted(userClass))"
                condition = tests.isEmpty ? byClass : "\(byClass) and (\(condition))"
            }
            if !row.macs.isEmpty {
                // The first of the chain's rows that matches wins, so the rows for everyone need not leave these NICs out.
                // dhcpd reads a leading parenthesis as the whole condition, so the conjunction is wrapped once more.
                condition = "((\(condition)) and (\(row.macs.map { "hardware = 01:\($0)" }.joined(separator: " or "))))"
            }
            out += "  \(index == 0 ? "if" : "} elsif") \(condition) {\n"
            if let vendorClass = row.vendorClass { out += "    option vendor-class-identifier \(quoted(vendorClass));\n" }
            // UEFI HTTP Boot reads option 67; PXE ROMs read the file field.
            if row.isURL, row.userClass == nil { out += "    option bootfile-name \(quoted(row.file));\n" }
            out += "    filename \(quoted(row.file));\n"
        }
        out += """
              } else {
                log(info, concat("zerotouch: no boot file for client architecture ", binary-to-ascii(10, 16, "", option pxe-system-type),
                                 " of ", binary-to-ascii(16, 8, ":", substring(hardware, 1, 6))));
              }

            """
        return out
    }

    static func list(_ addresses: [IPv4Address]) -> String {
        addresses.map(\.description).joined(separator: ", ")
    }

    /// A dhcpd string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            if character == "\"" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out + "\""
    }
}
