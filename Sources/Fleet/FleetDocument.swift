import Yams

/// Reads `zerotouch.yaml` text into a validated `FleetConfig`. Pure: the caller reads the file.
///
/// Every problem is collected and reported together, each with its field path, the value and the rule,
/// and `file:line:column`. Unknown keys are errors, so a typo never silently drops a setting.
public enum FleetDocument {
    static let topKeys = ["site", "profiles", "hosts"]
    static let siteKeys = ["server", "http_port", "install_retries", "state", "tftp_root", "http_root", "share", "dhcp", "loaders"]
    static let shareKeys = ["target", "unc", "user", "password_env", "password_file", "domain", "publish"]
    static let shareAccountKeys = ["user", "password_env", "password_file", "domain"]
    static let profileKeys = ["os", "arch", "firmware", "secure_boot", "winpe", "image", "kernel", "initrd", "kernel_args",
                              "release", "hypervisor", "hypervisor_args", "modules", "answer_file", "apply", "disk", "kickstart",
                              "root_password_env", "root_password_file", "post"] + windowsKeys
    static let hostKeys = ["mac", "extra_macs", "name", "profile", "ip", "gateway", "dns", "mode", "nic_addresses",
                           "root_password_env", "root_password_file", "post"] + windowsKeys

    /// Profile keys that mean something for each OS kind; any other known key is refused for it.
    static let keysByOS: [OSKind: Set<String>] = [
        .windows: Set(["winpe", "image", "answer_file", "apply", "disk", "post"] + windowsKeys),
        .windowsLegacy: Set(["winpe", "image", "answer_file", "apply", "disk", "post"] + windowsKeys),
        .kickstart: ["kernel", "initrd", "kernel_args", "release", "kickstart", "root_password_env", "root_password_file", "post"],
        .xen: ["hypervisor", "hypervisor_args", "kernel", "kernel_args", "initrd"],
        .esxi: ["kernel", "kernel_args", "modules", "kickstart", "root_password_env", "root_password_file", "post"],
        .local: [],
    ]

    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the name used in messages.
    ///   - directory: absolute folder that relative site paths are resolved against.
    public static func parse(_ text: String, file: String, directory: String) throws(FleetError) -> FleetConfig {
        try parseWithSpans(text, file: file, directory: directory).config
    }

    /// `parse`, with where each host entry lies in `text` (`nil` when entries do not sit on lines of their own).
    public static func parseWithSpans(_ text: String, file: String, directory: String) throws(FleetError) -> (config: FleetConfig, spans: HostSpans?) {
        let reader = YAMLReader(file: file)
        let root: Node
        do {
            // The basic resolver: every value is read as text and typed by ZeroTouch's own parsers, and
            // no regular expression runs per scalar (the default resolver's cost on a 10,000-host file).
            guard let node = try Yams.compose(yaml: text, Resolver.basic) else {
                throw FleetError(ValidationIssue(field: "(file)", value: nil, rule: "is empty: a fleet file needs site, profiles and hosts", location: file))
            }
            root = node
        } catch let error as FleetError {
            throw error
        } catch {
            throw FleetError(syntaxIssue(error, text: text, file: file))
        }
        guard let top = reader.mapping(root, field: "", allowed: topKeys) else { throw FleetError(reader.issues) }

        let site = top["site"].flatMap { parseSite($0, reader: reader, directory: directory) }
        if top["site"] == nil { reader.fail("site", root, value: nil, "is required: the server address and where to publish") }
        var profiles: [String: Profile] = [:]
        if let node = top["profiles"] {
            profiles = parseProfiles(node, reader: reader, directory: directory)
        } else {
            reader.fail("profiles", root, value: nil, "is required: at least one profile hosts can use")
        }
        // `hosts:` with nothing after it means no hosts yet (they may come from the command line).
        let hostsNode = top["hosts"].flatMap { node -> Node? in
            if case .scalar = node, reader.scalar(node, field: "hosts") == nil { return nil }
            return node
        }
        var extras = HostExtras()
        var unique = UniquenessCheck()
        var addresses = DHCPRules.AddressClaims()
        let hosts = hostsNode.map {
            parseHosts($0, profiles: profiles, dhcp: site?.dhcp, reader: reader, directory: directory, extras: &extras, unique: &unique, addresses: &addresses)
        } ?? []

        guard reader.issues.isEmpty, let site else { throw FleetError(reader.issues) }
        var config = FleetConfig(site: site, profiles: profiles, hosts: hosts, windowsOverrides: extras.windows, nicNetworks: extras.nicNetworks,
                                 installOverrides: extras.install)
        config.locations = reader.locations
        return (config, hostsNode.flatMap { HostSpans(of: $0, in: root, text: text) })
    }

    /// A YAML error as one refusal at its place: `file:line:column: (yaml): 'the line' problem`.
    static func syntaxIssue(_ error: any Error, text: String, file: String) -> ValidationIssue {
        func issue(_ position: SourcePosition, _ rule: String) -> ValidationIssue {
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(position.line - 1).first ?? ""
            return ValidationIssue(field: "(yaml)", value: String(line.prefix(80)), rule: "is not valid YAML: " + rule,
                                   location: "\(file):\(position)")
        }
        guard let yaml = error as? YamlError else {
            return ValidationIssue(field: "(yaml)", value: nil, rule: "is not valid YAML: \(error)", location: file)
        }
        switch yaml {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return issue(SourcePosition(line: mark.line, column: mark.column), problem + while_)
        case .reader(let problem, let offset, let value, _):
            let position = SourcePosition(scalarOffset: offset ?? 0, in: text)
            let character = Unicode.Scalar(UInt32(bitPattern: value)).map { ValidationIssue.quoted(String(Character($0))) } ?? "\(value)"
            return issue(position, "\(problem): \(character)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.sorted().first ?? ""
            return issue(secondKey(key, in: text, mapping: context.mark) ?? SourcePosition(line: context.mark.line, column: context.mark.column),
                         "the key '\(key)' appears a second time in the same mapping; keep one")
        default:
            return ValidationIssue(field: "(yaml)", value: nil, rule: "is not valid YAML: \(yaml)", location: file)
        }
    }

    /// Where `key` appears for the second time in the block mapping that starts at `mapping`: the
    /// lines from there on, at its column, that begin with the key.
    static func secondKey(_ key: String, in text: String, mapping: Mark) -> SourcePosition? {
        let indent = mapping.column - 1
        var seen = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where index + 1 >= mapping.line {
            let body: Substring
            if index + 1 == mapping.line {
                body = line.dropFirst(indent)
            } else {
                let spaces = line.prefix { $0 == " " }.count
                let rest = line.dropFirst(spaces)
                if rest.isEmpty || rest.hasPrefix("#") { continue }
                if spaces < indent { return nil }
                guard spaces == indent else { continue }
                body = rest
            }
            for form in [key, "\"\(key)\"", "'\(key)'"] where body.hasPrefix(form + ":") {
                seen += 1
                if seen == 2 { return SourcePosition(line: index + 1, column: indent + 1) }
            }
        }
        return nil
    }

    // MARK: site

    static func parseSite(_ node: Node, reader: YAMLReader, directory: String) -> Site? {
        guard let entries = reader.mapping(node, field: "site", allowed: siteKeys) else { return nil }
        let server = reader.required(entries, "server", field: "site", at: node, hint: "the IPv4 address clients reach")
            .flatMap { reader.parse($0, node: entries["server"]!, field: "site.server", IPv4Address.init) }
        var port = 8069
        if let text = reader.scalar(entries["http_port"], field: "site.http_port") {
            if let value = Int(text), (1...65535).contains(value) { port = value } else {
                reader.fail("site.http_port", entries["http_port"], value: text, "is not a TCP port (1-65535)")
            }
        }
        var retries = 0
        if let text = reader.scalar(entries["install_retries"], field: "site.install_retries") {
            if let value = Int(text), (0...100).contains(value) { retries = value } else {
                reader.fail("site.install_retries", entries["install_retries"], value: text, "is not a whole number from 0 to 100 (failures that re-arm a host)")
            }
        }
        func path(_ key: String, default fallback: String? = nil, in entries: [String: Node], field: String, at parent: Node) -> String? {
            let text = fallback == nil
                ? reader.required(entries, key, field: field, at: parent, hint: "a folder, relative to the fleet file or absolute")
                : reader.scalar(entries[key], field: "\(field).\(key)") ?? fallback
            guard let text else { return nil }
            return reader.parse(text, node: entries[key] ?? parent, field: "\(field).\(key)") { (text) throws(RuleViolation) in
                try SitePath.resolve(text, relativeTo: directory)
            }
        }
        let state = path("state", default: ".zerotouch", in: entries, field: "site", at: node)
        let tftp = path("tftp_root", in: entries, field: "site", at: node)
        let http = path("http_root", in: entries, field: "site", at: node)
        let loaders = entries["loaders"] == nil ? nil : path("loaders", in: entries, field: "site", at: node)
        var share: ShareSettings? = ShareSettings(target: .folder(SitePath.join(directory, "share")), unc: nil)
        if let shareNode = entries["share"] {
            share = parseShare(shareNode, reader: reader, directory: directory)
        }
        let dhcp = entries["dhcp"].map { parseDHCP($0, reader: reader, directory: directory) }
        guard let server, let state, let tftp, let http, let share, dhcp?.valid ?? true, entries["loaders"] == nil || loaders != nil else { return nil }
        return Site(server: server, httpPort: port, stateDirectory: state, tftpRoot: tftp, httpRoot: http, share: share, dhcp: dhcp?.settings,
                    installRetries: retries, loaderFolder: loaders)
    }

    // MARK: profiles

    static func parseProfiles(_ node: Node, reader: YAMLReader, directory: String) -> [String: Profile] {
        guard case .mapping(let mapping) = node else {
            reader.fail("profiles", node, value: nil, "must be a mapping from profile name to its settings")
            return [:]
        }
        var profiles: [String: Profile] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            let field = "profiles.\(name)"
            if name.isEmpty || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
                reader.fail(field, key, value: name, "is not a valid profile name (letters, digits, '.', '_' and '-')")
                continue
            }
            if let profile = parseProfile(name: name, node: value, field: field, reader: reader, directory: directory) {
                profiles[name] = profile
            }
        }
        return profiles
    }

    /// `secure_boot`: UEFI only, `true` unless given; with it on, every step of the boot chain must be
    /// signed, so the chains that are not (memdisk, wimboot, mboot.c32) are refused here; Windows' own
    /// boot manager is signed by Microsoft.
    static func parseSecureBoot(_ node: Node?, firmwareNode: Node?, firmware: Firmware?, boot: BootMethod?, field: String, reader: YAMLReader) -> Bool? {
        let given = reader.boolean(node, field: "\(field).secure_boot")
        if let text = reader.scalar(node, field: "\(field).secure_boot") {
            if firmware != .uefi {
                reader.fail("\(field).secure_boot", node, value: text, "applies to firmware: uefi only (BIOS has no Secure Boot)")
            }
        }
        guard firmware == .uefi, given ?? true, let boot else { return given }
        let unsigned: String? = switch boot {
        case .wimboot: "wimboot is not signed"
        case .winpeISO: "memdisk is not signed"
        case .multiboot: "mboot.c32 and the hypervisor are not signed for shim"
        case .kernel, .bootManager, .local: nil
        }
        if let unsigned {
            reader.fail("\(field).secure_boot", node ?? firmwareNode, value: nil,
                        "is on (the default for firmware: uefi) but \(unsigned), so the firmware would refuse it; set secure_boot: false if these machines have Secure Boot off")
        }
        return given
    }

    static func parseProfile(name: String, node: Node, field: String, reader: YAMLReader, directory: String) -> Profile? {
        guard let entries = reader.mapping(node, field: field, allowed: profileKeys) else { return nil }
        let osOptions = OSKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let osText = reader.required(entries, "os", field: field, at: node, hint: "one of \(osOptions)"),
              let os = reader.choice(osText, node: entries["os"], field: "\(field).os", default: OSKind.windows)
        else { return nil }
        let relevant = keysByOS[os]!.union(["os", "arch", "firmware", "secure_boot"])
        for key in entries.keys.sorted() where !relevant.contains(key) {
            reader.fail("\(field).\(key)", entries[key], value: nil, "does not apply to os \(os.rawValue) (it takes: \(relevant.sorted().joined(separator: ", ")))")
        }
        // Without `arch`, a Windows profile takes its base answer file's architecture.
        let archText = reader.scalar(entries["arch"], field: "\(field).arch")
        let arch = archText.flatMap { reader.choice($0, node: entries["arch"], field: "\(field).arch", default: Architecture.amd64) }
        let archValid = archText == nil || arch != nil
        let firmware = reader.choice(reader.scalar(entries["firmware"], field: "\(field).firmware"), node: entries["firmware"], field: "\(field).firmware", default: Firmware.bios)
        let context = ProfileContext(entries: entries, field: field, node: node, reader: reader)

        var image: WindowsImage?
        var answerFile: String?
        var deployment: WindowsDeployment?
        var windows: (valid: Bool, settings: WindowsSettings?) = (true, nil)
        let boot: BootMethod?
        switch os {
        case .windows, .windowsLegacy:
            boot = context.winpe(firmware: firmware ?? .bios)
            image = context.image()
            windows = parseWindows(entries, field: field, node: node, reader: reader, directory: directory)
            deployment = context.deployment(os: os, firmware: firmware ?? .bios)
            if deployment == nil { return nil }
            answerFile = reader.scalar(entries["answer_file"], field: "\(field).answer_file").flatMap { text in
                reader.parse(text, node: entries["answer_file"]!, field: "\(field).answer_file") { (text) throws(RuleViolation) in
                    try SitePath.resolve(text, relativeTo: directory)
                }
            }
        case .kickstart:
            boot = context.kernelBoot(firmware: firmware)
        case .xen:
            boot = context.xenChain()
        case .esxi:
            boot = context.esxiChain()
        case .local:
            boot = .local
        }
        let before = reader.issues.count
        var install = InstallSettings(rootPassword: secret("root_password", in: entries, field: field, reader: reader, directory: directory),
                                      post: commands("post", in: entries, field: field, reader: reader))
        install.kickstartTemplate = reader.scalar(entries["kickstart"], field: "\(field).kickstart").flatMap { text in
            reader.parse(text, node: entries["kickstart"]!, field: "\(field).kickstart") { (text) throws(RuleViolation) in
                try SitePath.resolve(text, relativeTo: directory)
            }
        }
        let secureBoot = parseSecureBoot(entries["secure_boot"], firmwareNode: entries["firmware"], firmware: firmware, boot: boot, field: field, reader: reader)
        guard archValid, let firmware, let boot, windows.valid, reader.issues.count == before else { return nil }
        return Profile(name: name, os: os, arch: arch, firmware: firmware, secureBoot: secureBoot, boot: boot, image: image, answerFile: answerFile,
                       windows: windows.settings ?? WindowsSettings(), deployment: deployment, install: install)
    }

    // MARK: hosts

    /// What the file says of its hosts beyond the inventory's record of them.
    struct HostExtras {
        var windows: [MACAddress: WindowsSettings] = [:]
        var nicNetworks: [MACAddress: HostNetwork] = [:]
        var install: [MACAddress: InstallSettings] = [:]
    }

    /// Every entry of `hosts:`, numbered from `firstIndex`, checked against each other and against
    /// what `unique` and `addresses` already hold.
    static func parseHosts(_ node: Node, profiles: [String: Profile], dhcp: DHCPSettings?, reader: YAMLReader, directory: String,
                           extras: inout HostExtras, firstIndex: Int = 0,
                           unique: inout UniquenessCheck, addresses: inout DHCPRules.AddressClaims) -> [Host] {
        guard case .sequence(let sequence) = node else {
            reader.fail("hosts", node, value: nil, "must be a list of hosts")
            return []
        }
        var hosts: [Host] = []
        for (offset, item) in sequence.enumerated() {
            let field = "hosts[\(firstIndex + offset)]"
            guard let entries = reader.mapping(item, field: field, allowed: hostKeys) else { continue }
            let name = reader.required(entries, "name", field: field, at: item, hint: "the host's computer name")
            let label = name ?? field
            var macs: [MACAddress] = []
            var spellings: [(String, Node, String)] = []
            if let mac = reader.required(entries, "mac", field: field, at: item, hint: "the MAC of the NIC that boots") {
                spellings.append((mac, entries["mac"]!, "\(field).mac"))
            }
            for (offset, (text, node)) in reader.list(entries["extra_macs"], field: "\(field).extra_macs").enumerated() {
                spellings.append((text, node, "\(field).extra_macs[\(offset)]"))
            }
            for (text, node, path) in spellings {
                guard let mac = reader.parse(text, node: node, field: path, MACAddress.init) else { continue }
                if let clash = unique.claim(mac, spelled: text, field: path, owner: label) {
                    reader.record(ValidationIssue(field: clash.field, value: clash.value, rule: clash.rule, location: reader.location(node)))
                }
                macs.append(mac)
            }
            if let name, let clash = unique.claim(name: name, field: "\(field).name") {
                reader.record(ValidationIssue(field: clash.field, value: clash.value, rule: clash.rule, location: entries["name"].flatMap(reader.location)))
            }
            let profile = reader.required(entries, "profile", field: field, at: item, hint: "one of the profiles above")
            let modeText = reader.scalar(entries["mode"], field: "\(field).mode")
            let mode = reader.choice(modeText, node: entries["mode"], field: "\(field).mode", default: HostMode.install)
            let network = parseNetwork(entries, field: field, node: item, reader: reader)
            let windows = parseWindows(entries, field: field, node: item, reader: reader, directory: directory)
            if windows.settings != nil, let profile, let os = profiles[profile]?.os, !os.isWindows {
                let key = windowsKeys.first { entries[$0] != nil }!
                reader.fail("\(field).\(key)", entries[key], value: nil, "applies to Windows hosts only (profile \(profile) is os \(os.rawValue))")
                continue
            }
            let nics = parseNICAddresses(entries["nic_addresses"], extraMACs: Array(macs.dropFirst()), field: field, reader: reader)
            let issuesBefore = reader.issues.count
            let install = InstallSettings(rootPassword: secret("root_password", in: entries, field: field, reader: reader, directory: directory),
                                          post: commands("post", in: entries, field: field, reader: reader))
            if install.rootPassword != nil, let profile, let os = profiles[profile]?.os, os != .kickstart && os != .esxi {
                reader.fail("\(field).root_password_env", entries["root_password_env"] ?? entries["root_password_file"], value: nil,
                            "applies to kickstart and esxi hosts only (profile \(profile) is os \(os.rawValue)); Windows hosts take admin_password_env")
            }
            if install.post != nil, let profile, let os = profiles[profile]?.os, os == .xen || os == .local {
                reader.fail("\(field).post", entries["post"], value: nil, "has nowhere to run: post actions go into kickstart, ESXi and Windows installs, and profile \(profile) is os \(os.rawValue)")
            }
            let installValid = reader.issues.count == issuesBefore
            guard let name, let profile, let mode, network.valid, windows.valid, nics.valid, installValid, macs.count == spellings.count, !macs.isEmpty else { continue }
            if let settings = windows.settings { extras.windows[macs[0]] = settings }
            if install != InstallSettings() { extras.install[macs[0]] = install }
            let host = Host(name: name, macs: macs, profile: profile, network: network.network, mode: mode)
            var issues = HostRules.check(host, profiles: profiles) { "\(field).\($0)" }
            let networks = (network.network.map { [(mac: macs[0], network: $0)] } ?? []) + nics.networks
            if let dhcp {
                issues += DHCPRules.check(host, networks: networks, settings: dhcp) { "\(field).\($0)" }
                if let clash = addresses.claim(host, networks: networks, field: { "\(field).\($0)" }) { issues.append(clash) }
            }
            for (mac, nicNetwork) in nics.networks { extras.nicNetworks[mac] = nicNetwork }
            for issue in issues {
                let key = String(issue.field.split(separator: ".").last ?? "")
                reader.record(ValidationIssue(field: issue.field, value: issue.value, rule: issue.rule,
                                              location: entries[key].flatMap(reader.location) ?? reader.location(item)))
            }
            if issues.isEmpty { hosts.append(host) }
        }
        return hosts
    }

    /// `nic_addresses: {MAC: {ip, gateway, dns}}`: static addresses of a host's extra NICs, each
    /// named by one of its `extra_macs` (any spelling).
    static func parseNICAddresses(_ node: Node?, extraMACs: [MACAddress], field: String, reader: YAMLReader)
        -> (valid: Bool, networks: [(mac: MACAddress, network: HostNetwork)]) {
        guard let node else { return (true, []) }
        guard case .mapping(let mapping) = node else {
            reader.fail("\(field).nic_addresses", node, value: nil, "must map extra NICs' MACs to {ip, gateway, dns}")
            return (false, [])
        }
        var valid = true
        var networks: [(mac: MACAddress, network: HostNetwork)] = []
        for (key, value) in mapping {
            let text = key.string ?? ""
            let nicField = "\(field).nic_addresses.\(text)"
            guard let mac = reader.parse(text, node: key, field: "\(field).nic_addresses", MACAddress.init) else { valid = false; continue }
            guard extraMACs.contains(mac) else {
                reader.fail("\(field).nic_addresses", key, value: text, "is not one of this host's extra_macs; list the NIC there first")
                valid = false
                continue
            }
            guard let entries = reader.mapping(value, field: nicField, allowed: ["ip", "gateway", "dns"]) else { valid = false; continue }
            guard entries["ip"] != nil else {
                reader.fail("\(nicField).ip", value, value: nil, "is required: the NIC's static address, such as 10.0.0.5/24")
                valid = false
                continue
            }
            let parsed = parseNetwork(entries, field: nicField, node: value, reader: reader)
            guard parsed.valid, let network = parsed.network else { valid = false; continue }
            if let gateway = network.gateway, !network.interface.hostsAddress(gateway) || gateway == network.interface.address {
                reader.fail("\(nicField).gateway", entries["gateway"], value: gateway.description, "is not a neighbour on the NIC's subnet \(network.interface.network)/\(network.interface.prefixLength)")
                valid = false
                continue
            }
            networks.append((mac, network))
        }
        return (valid, networks.sorted { $0.mac < $1.mac })
    }

    /// `valid` is false when a setting was refused; `network` is `nil` when the host uses DHCP.
    static func parseNetwork(_ entries: [String: Node], field: String, node: Node, reader: YAMLReader) -> (valid: Bool, network: HostNetwork?) {
        let ipText = reader.scalar(entries["ip"], field: "\(field).ip")
        let gatewayText = reader.scalar(entries["gateway"], field: "\(field).gateway")
        let dnsTexts = reader.list(entries["dns"], field: "\(field).dns")
        guard let ipText else {
            if gatewayText != nil || !dnsTexts.isEmpty {
                reader.fail("\(field).ip", node, value: nil, "is required when gateway or dns is given (a static address such as 192.168.1.188/24)")
                return (false, nil)
            }
            return (true, nil)
        }
        let interface = reader.parse(ipText, node: entries["ip"]!, field: "\(field).ip", IPv4Interface.init)
        let gateway = gatewayText.map { reader.parse($0, node: entries["gateway"]!, field: "\(field).gateway", IPv4Address.init) }
        var dns: [IPv4Address] = []
        var dnsValid = true
        for (offset, (text, item)) in dnsTexts.enumerated() {
            if let address = reader.parse(text, node: item, field: "\(field).dns[\(offset)]", IPv4Address.init) {
                dns.append(address)
            } else {
                dnsValid = false
            }
        }
        guard let interface, dnsValid else { return (false, nil) }
        if case .some(nil) = gateway { return (false, nil) }
        return (true, HostNetwork(interface: interface, gateway: gateway ?? nil, dns: dns))
    }
}
