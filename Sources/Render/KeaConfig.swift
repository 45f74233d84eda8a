public import Fleet

/// A complete `Dhcp4` configuration for Kea (`kea-dhcp4 -t` accepts it; FORMATS.md §4): one subnet
/// with its reservations, and client classes that pick the boot file by option 93 and user class.
/// Operators run it as it is or merge from it. Strings go through `JSONText.string`.
public enum KeaConfig {
    public static func render(_ settings: DHCPSettings, site: Site, hosts: [Host], nicNetworks: [MACAddress: HostNetwork] = [:],
                              hostBoot: DHCPHostBoot = DHCPHostBoot()) -> String {
        let s = JSONText.string
        var out = """
            // ZeroTouch: Kea DHCPv4 configuration. Written by 'zerotouch apply'; changes made here are overwritten.
            {
              "Dhcp4": {
                // Kea answers only on these; it retries for 5 minutes when one has no carrier at start.
                "interfaces-config": { "interfaces": [\(settings.interfaces.isEmpty ? " " : " " + settings.interfaces.map(s).joined(separator: ", ") + " ")],
                                       "service-sockets-max-retries": 60, "service-sockets-retry-wait-time": 5000 },

            """
        if let socket = settings.controlSocket {
            out += "    \"control-socket\": { \"socket-type\": \"unix\", \"socket-name\": \(s(socket)) },\n"
        }
        if !hostBoot.bcdPaths.isEmpty {
            out += "    // Option 252: the TFTP path of the BCD store Windows' boot manager reads.\n"
            out += "    \"option-def\": [ { \"name\": \"zt-bcd-path\", \"code\": \(DHCPHostBoot.bcdOption), \"type\": \"string\", \"space\": \"dhcp4\" } ],\n"
        }
        let leaseName = settings.leaseFile.map { "\"name\": \(s($0)), " } ?? ""
        out += """
                "lease-database": { "type": "memfile", \(leaseName)"lfc-interval": 3600 },
                "valid-lifetime": \(settings.leaseTime),
                // The NICs of one host share its address.
                "ip-reservations-unique": false,
                "client-classes": [

            """
        let classes = clientClasses(DHCPBootChoice.table(settings, site: site, hostBoot: hostBoot))
        out += classes.map { "      " + $0 }.joined(separator: ",\n")
        out += "\n    ],\n"
        // Each reservation lives in the subnet that holds its address; with several subnets, the NICs
        // without one are global, so they are found whichever relay their request comes through.
        var bySubnet = [[String]](repeating: [], count: settings.subnets.count)
        var global: [String] = []
        for reservation in DHCPReservation.sorted(hosts, nicNetworks: nicNetworks) {
            for mac in reservation.macs {
                var entry = "{ \"hw-address\": \(s(mac.description))"
                let address = reservation.address(of: mac)
                if let address { entry += ", \"ip-address\": \(s(address.description))" }
                entry += ", \"hostname\": \(s(reservation.label))"
                if let bcd = hostBoot.bcdPaths[mac] {
                    entry += ", \"option-data\": [ { \"name\": \"zt-bcd-path\", \"data\": \(s(bcd)), \"always-send\": true } ]"
                }
                entry += " }"
                if let address, let index = settings.subnets.firstIndex(where: { $0.subnet.hosts(address) }) {
                    bySubnet[index].append(entry)
                } else if settings.subnets.count == 1 {
                    bySubnet[0].append(entry)
                } else {
                    global.append(entry)
                }
            }
        }
        if !global.isEmpty {
            out += "    \"reservations-global\": true,\n    \"reservations-in-subnet\": true,\n"
            out += "    \"reservations\": [\n" + global.map { "      " + $0 }.joined(separator: ",\n") + "\n    ],\n"
        }
        out += "    \"subnet4\": [ "
        out += settings.subnets.enumerated().map { index, subnet in
            self.subnet(subnet, id: index + 1, server: site.server, reservations: bySubnet[index])
        }.joined(separator: ", ")
        out += " ]\n  }\n}\n"
        return out
    }

    static func subnet(_ subnet: DHCPSubnet, id: Int, server: IPv4Address, reservations: [String]) -> String {
        let s = JSONText.string
        var out = """
            {
                  "id": \(id),
                  "subnet": \(s(subnet.subnet.description)),
                  "next-server": \(s(server.description)),

            """
        if let range = subnet.range {
            out += "      \"pools\": [ { \"pool\": \(s("\(range.lowerBound) - \(range.upperBound)")) } ],\n"
        }
        var options: [(String, String)] = []
        if !subnet.routers.isEmpty { options.append(("routers", subnet.routers.map(\.description).joined(separator: ", "))) }
        if !subnet.dns.isEmpty { options.append(("domain-name-servers", subnet.dns.map(\.description).joined(separator: ", "))) }
        if let domain = subnet.domain { options.append(("domain-name", domain)) }
        out += "      \"option-data\": [" + options.map { "\n        { \"name\": \(s($0.0)), \"data\": \(s($0.1)) }" }.joined(separator: ",")
        out += options.isEmpty ? " ],\n" : "\n      ],\n"
        out += "      \"reservations\": ["
        out += reservations.isEmpty ? " ]\n" : "\n" + reservations.map { "        " + $0 }.joined(separator: ",\n") + "\n      ]\n"
        return out + "    }"
    }

    /// The boot-file rows as client classes, iPXE's first and excluded from the others; a class with
    /// no file for the architectures in no row, which Kea's log names (`DHCP4_CLASS_ASSIGNED`, debug).
    static func clientClasses(_ table: [DHCPBootChoice]) -> [String] {
        let s = JSONText.string
        var classes: [String] = []
        for row in table {
            var fields = ["\"name\": \(s(row.name))"]
            var tests = row.architectures.map { String(format: "option[93].hex == 0x%04x", $0) }
            if row.includesNoArchitecture { tests.insert("not option[93].exists", at: 0) }
            if let userClass = row.userClass {
                let byClass = "substring(option[77].hex,0,\(userClass.utf8.count)) == '\(userClass)'"
                fields.append("\"test\": \"\(tests.isEmpty ? byClass : "\(byClass) and (\(tests.joined(separator: " or ")))")\"")
            } else {
                // A class may name only the classes defined before it: the table lists those first.
                let excluded = row.yields(in: table).map { "not member('\($0.name)') and " }.joined()
                let byMAC = row.macs.isEmpty ? "" : " and (" + row.macs.map { "pkt4.mac == 0x\($0.spelled(separator: "", uppercase: false))" }.joined(separator: " or ") + ")"
                fields.append("\"test\": \"\(excluded)(\(tests.joined(separator: " or ")))\(byMAC)\"")
            }
            fields.append("\"boot-file-name\": \(s(row.file))")
            var options: [String] = []
            if let vendorClass = row.vendorClass { options.append("{ \"name\": \"vendor-class-identifier\", \"data\": \(s(vendorClass)) }") }
            // UEFI HTTP Boot reads option 67; PXE ROMs read the file field.
            if row.isURL, row.userClass == nil { options.append("{ \"name\": \"boot-file-name\", \"data\": \(s(row.file)) }") }
            if !options.isEmpty { fields.append("\"option-data\": [ \(options.joined(separator: ", ")) ]") }
            classes.append("{ " + fields.joined(separator: ", ") + " }")
        }
        let known = table.filter { $0.userClass == nil }.flatMap(\.architectures).map { String(format: "option[93].hex == 0x%04x", $0) }
        let notIPXE = table.filter { $0.userClass != nil }.map { "not member('\($0.name)') and " }.joined()
        classes.append("{ \"name\": \"zt-unknown-arch\", \"test\": \"\(notIPXE)option[93].exists and not (\(known.joined(separator: " or ")))\" }")
        return classes
    }
}
