public import Fleet

/// What to put in the DHCP daemon's own configuration so that it reads the file ZeroTouch writes
/// (`zerotouch dhcp --wiring`): lines in the daemon's own syntax, so they can be pasted as they are,
/// with comments for the parts that live elsewhere (the service's interfaces, the TFTP server).
/// ZeroTouch's file stays untouched by hand: everything a site differs in is a setting of `site.dhcp`.
public enum DHCPWiring {
    public static func render(_ settings: DHCPSettings, site: Site) -> String {
        let interfaces = settings.interfaces.joined(separator: " ")
        var lines: [String]
        switch settings.server {
        case .isc:
            lines = [
                "# /etc/dhcp/dhcpd.conf: ZeroTouch's file declares the subnet \(settings.subnet) itself; declare it nowhere else.",
                "authoritative;",
                "include \(ISCDHCPConfig.quoted(settings.output));",
                "# /etc/default/isc-dhcp-server: INTERFACESv4=\"\(interfaces.isEmpty ? "eth1" : interfaces)\"",
            ]
        case .dnsmasq:
            lines = [
                "# /etc/dnsmasq.d/zerotouch.conf (or dnsmasq.conf): dnsmasq answers DHCP and serves the TFTP root itself.",
                "conf-file=\(settings.output)",
                "dhcp-leasefile=/var/lib/misc/dnsmasq.leases",
                "enable-tftp",
                "tftp-root=\(site.tftpRoot)",
            ]
            if settings.interfaces.isEmpty { lines.append("# site.dhcp.interfaces is empty: dnsmasq answers on every interface; list yours there") }
            if let pid = settings.pidFile { lines.append("pid-file=\(pid)") }
        case .proxy:
            lines = [
                "# /etc/dnsmasq.d/zerotouch.conf (or dnsmasq.conf): a proxyDHCP beside your DHCP server, which stays as it is",
                "# (it gives the addresses and must send no next-server or boot file of its own); dnsmasq serves the TFTP root.",
                "conf-file=\(settings.output)",
                "port=0",
                "enable-tftp",
                "tftp-root=\(site.tftpRoot)",
            ]
            if settings.interfaces.isEmpty { lines.append("# site.dhcp.interfaces is empty: dnsmasq answers on every interface; list yours there") }
        case .kea:
            lines = [
                "// /etc/kea/kea-dhcp4.conf: ZeroTouch's file is the whole Dhcp4 configuration; include it as this file's only content.",
                "<?include \"\(settings.output)\"?>",
            ]
            if settings.interfaces.isEmpty {
                lines.append("// site.dhcp.interfaces is empty: Kea answers on no interface until you list yours there")
            }
        }
        if settings.server == .isc || settings.server == .kea {
            let comment = settings.server == .kea ? "//" : "#"
            lines.append("\(comment) TFTP: tftpd-hpa with TFTP_DIRECTORY=\"\(site.tftpRoot)\" and TFTP_OPTIONS=\"--secure --map-file /etc/tftpd-hpa.map\" in /etc/default/tftpd-hpa,")
            lines.append("\(comment) where /etc/tftpd-hpa.map holds the line  rg \\\\ /  (Windows' boot manager asks for its files with backslashes; dnsmasq's TFTP takes them as they are)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
