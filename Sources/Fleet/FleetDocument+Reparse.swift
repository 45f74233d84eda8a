import Yams

extension FleetDocument {
    /// Reads again only the host entries an edit touched: `old` is the file as last read, with its
    /// configuration and spans, `new` the file now. The entries are checked as a whole read checks
    /// them, and against every other host (MACs, names, reserved addresses).
    ///
    /// `nil` whenever that cannot be sure to give what a whole read gives: the edit reaches outside
    /// the host entries, cuts a line, touches anchors, aliases or tags, or leaves the list's column;
    /// or anything in the entries is refused. The caller then reads the whole file, which also gives
    /// the messages with their line numbers.
    public static func reparseHosts(old: [UInt8], config: FleetConfig, spans: HostSpans, new: [UInt8],
                                    file: String, directory: String) -> (config: FleetConfig, spans: HostSpans)? {
        let count = spans.starts.count
        guard count == config.hosts.count, count > 0 else { return nil }
        var prefix = 0
        let shorter = min(old.count, new.count)
        while prefix < shorter, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < shorter - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let changedEnd = old.count - suffix
        guard prefix >= spans.starts[0], changedEnd <= spans.end else { return nil }
        let bounds = spans.starts + [spans.end]
        let first = bounds[..<count].lastIndex { $0 <= prefix }!
        let last = bounds[(first + 1)...].firstIndex { $0 >= changedEnd }!
        let delta = new.count - old.count
        let region = Array(new[bounds[first]..<(bounds[last] + delta)])
        // Settings after the hosts would move to other lines, and their locations with them.
        let newline = UInt8(ascii: "\n")
        let linesMoved = region.count { $0 == newline } != old[bounds[first]..<bounds[last]].count { $0 == newline }
        guard !linesMoved || onlyComments(old[spans.end...]) else { return nil }
        guard bounds[last] == old.count || region.isEmpty || region.last == UInt8(ascii: "\n"),
              standsAlone(old[bounds[first]..<bounds[last]], column: spans.column), standsAlone(region[...], column: spans.column) else { return nil }

        let text = String(decoding: region, as: UTF8.self)
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text, Resolver.basic) else { return nil }
            node = composed
        } catch {
            return nil
        }
        guard let (starts, column) = HostSpans.entries(of: node, in: region, lines: HostSpans.lineStarts(region)),
              column == spans.column, !starts.isEmpty else { return nil }

        var unique = UniquenessCheck()
        var addresses = DHCPRules.AddressClaims()
        let replaced = first..<last
        for (index, host) in config.hosts.enumerated() where !replaced.contains(index) {
            for mac in host.macs { _ = unique.claim(mac, spelled: "", field: "", owner: "") }
            _ = unique.claim(name: host.name, field: "")
            if config.site.dhcp != nil { _ = addresses.claim(host, networks: config.networks(of: host), field: { _ in "" }) }
        }
        let reader = YAMLReader(file: file)
        var extras = HostExtras()
        let hosts = parseHosts(node, profiles: config.profiles, dhcp: config.site.dhcp, reader: reader, directory: directory,
                               extras: &extras, firstIndex: first, unique: &unique, addresses: &addresses)
        guard reader.issues.isEmpty, hosts.count == starts.count else { return nil }

        var windows = config.windowsOverrides, install = config.installOverrides, nics = config.nicNetworks
        for host in config.hosts[replaced] {
            windows[host.primaryMAC] = nil
            install[host.primaryMAC] = nil
            for mac in host.macs { nics[mac] = nil }
        }
        windows.merge(extras.windows) { $1 }
        install.merge(extras.install) { $1 }
        nics.merge(extras.nicNetworks) { $1 }
        var all = config.hosts
        all.replaceSubrange(replaced, with: hosts)
        var newStarts = Array(spans.starts[..<first])
        newStarts += starts.map { $0 + bounds[first] }
        newStarts += spans.starts[last...].map { $0 + delta }
        var updated = FleetConfig(site: config.site, profiles: config.profiles, hosts: all, windowsOverrides: windows, nicNetworks: nics,
                                  installOverrides: install)
        updated.locations = config.locations
        return (updated, HostSpans(starts: newStarts, end: spans.end + delta, column: spans.column))
    }

    /// Whether `bytes` holds only blank lines and comments.
    static func onlyComments(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.split(separator: UInt8(ascii: "\n")).allSatisfy { line in
            let text = line.drop { $0 == UInt8(ascii: " ") }
            return text.isEmpty || text.first == UInt8(ascii: "#")
        }
    }

    /// Whether host entries' lines mean the same read alone as inside the file: no anchors, aliases,
    /// tags or tabs, no document markers, and every line blank, a comment, deeper than the list's
    /// column, or a new entry at it.
    static func standsAlone(_ bytes: ArraySlice<UInt8>, column: Int) -> Bool {
        guard !bytes.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "!") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) else {
            return false
        }
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            let indent = line.prefix { $0 == UInt8(ascii: " ") }.count
            let rest = line.dropFirst(indent)
            if rest.isEmpty || rest.first == UInt8(ascii: "#") || indent > column { continue }
            guard indent == column, rest.first == UInt8(ascii: "-"), rest.count == 1 || rest.dropFirst().first == UInt8(ascii: " ") else { return false }
        }
        return true
    }
}
