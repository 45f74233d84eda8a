public import Fleet

/// An include file for ISC dhcpd (`dhcpd.conf(5)`, FORMATS.md §4): the subnet with the boot-file
/// choice by client architecture (option 93) and user class, and one `host` block per NIC.
///
/// Every value is typed or validated (addresses, MACs, DNS labels), so none can close a string
/// or a block; strings are still written through `quoted` for the day that changes.
public enum ISCDHCPConfig {
    public static func render(_ settings: DHCPSettings, site: Site, hosts: [Host], nicNetworks: [MACAddress: HostNetwork] = [:]) -> String {
        let subnet = settings.subnet
        var out = """
            # ZeroTouch: DHCP reservations for ISC dhcpd. Written by 'zerotouch apply'; changes made here are overwritten.
            # Use it from dhcpd.conf with: include "\(settings.output)";

            subnet \(subnet.network) netmask \(subnet.netmask) {
              option subnet-mask \(subnet.netmask);

            """
        if !settings.routers.isEmpty { out += "  option routers \(list(settings.routers));\n" }
        if !settings.dns.isEmpty { out += "  option domain-name-servers \(list(settings.dns));\n" }
        if let domain = settings.domain { out += "  option domain-name \(quoted(domain));\n" }
        out += """
              default-lease-time \(settings.leaseTime);
              max-lease-time \(settings.leaseTime);
              next-server \(site.server);

            """
        let uefi = "option pxe-system-type = 00:07 or option pxe-system-type = 00:09"
        if settings.loader == .ipxe {
            out += """
                  if exists user-class and option user-class = "iPXE" {
                    filename \(quoted(site.ipxeChainURL));
                  } elsif \(uefi) {

                """
        } else if let arm64 = settings.loader.uefiArm64File {
            out += "  if option pxe-system-type = 00:0b {\n    filename \(quoted(arm64));\n  } elsif \(uefi) {\n"
        } else {
            out += "  if \(uefi) {\n"
        }
        out += """
                filename \(quoted(settings.loader.uefiFile));
              } else {
                filename \(quoted(settings.loader.biosFile));
              }

            """
        if let range = settings.range {
            out += "  pool {\n    range \(range.lowerBound) \(range.upperBound);\n  }\n"
        }
        out += "}\n"
        for reservation in DHCPReservation.sorted(hosts, nicNetworks: nicNetworks) {
            out += "\n# \(reservation.host.name), profile \(reservation.host.profile)\n"
            for mac in reservation.macs {
                out += "host zt-\(mac.dashed) {\n  hardware ethernet \(mac);\n"
                if let address = reservation.address(of: mac) { out += "  fixed-address \(address);\n" }
                out += "  option host-name \(quoted(reservation.label));\n  next-server \(site.server);\n}\n"
            }
        }
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
