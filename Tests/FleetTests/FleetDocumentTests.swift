@testable import Fleet
import Testing

struct FleetDocumentTests {
    static let site = """
        site:
          server: 192.168.1.166
          tftp_root: out/tftpboot
          http_root: out/http
        profiles:
          w2k8r2: {os: windows, winpe: {iso: winpe_amd64.iso}}
          centos55: {os: kickstart, release: el5, kernel: os/c5/vmlinuz, initrd: os/c5/initrd.img}
          ovm22: {os: xen, hypervisor: ovm/xen.gz, hypervisor_args: noreboot, kernel: ovm/vmlinuz, kernel_args: "ro root=LABEL=/", initrd: ovm/initrd.img}
        """

    static func parse(_ hosts: String, site: String = site) throws(FleetError) -> FleetConfig {
        try FleetDocument.parse(site + "\nhosts:\n" + hosts, file: "zerotouch.yaml", directory: "/etc/zt")
    }

    /// The issue list of a refused document.
    static func issues(_ hosts: String, site: String = site) -> [ValidationIssue] {
        do {
            _ = try parse(hosts, site: site)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func readsTheIssueExample() throws {
        let fleet = try Self.parse("""
              - {mac: "08:00:27:b2:40:3e", name: W2K8-WEB01, profile: w2k8r2, ip: 192.168.1.188/24, gateway: 192.168.1.166, dns: [192.168.1.166]}
              - {mac: "08-00-27-4D-4D-AA", name: centos01, profile: centos55}
              - {mac: "00:19:b9:41:2c:b9", name: dell-745, profile: ovm22, mode: localboot, extra_macs: [00-19-b9-41-2c-ba]}
            """)
        #expect(fleet.hosts.map(\.name) == ["W2K8-WEB01", "centos01", "dell-745"])
        #expect(fleet.hosts[1].primaryMAC.description == "08:00:27:4d:4d:aa")
        #expect(fleet.hosts[2].mode == .localboot)
        #expect(fleet.hosts[2].macs.count == 2)
        #expect(fleet.hosts[0].network?.gateway?.description == "192.168.1.166")
        #expect(fleet.site.tftpRoot == "/etc/zt/out/tftpboot")
        #expect(fleet.site.stateDirectory == "/etc/zt/.zerotouch")
        #expect(fleet.site.httpPort == 8069)
        guard case .multiboot(let chain) = fleet.profiles["ovm22"]!.boot else { Issue.record("xen is multiboot"); return }
        #expect(chain.modules.map(\.path.value) == ["ovm/xen.gz", "ovm/vmlinuz", "ovm/initrd.img"])
        #expect(chain.modules[1].arguments == "ro root=LABEL=/")
    }

    /// Each class of bad input is refused with the field, the value and the rule.
    @Test(arguments: [
        ("- {mac: '08:00:27:zz:40:3e', name: a1, profile: centos55}", "hosts[0].mac", "is not a MAC address"),
        ("- {mac: '01:00:5e:00:00:01', name: a1, profile: centos55}", "hosts[0].mac", "multicast"),
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55}\n- {mac: '08-00-27-B2-40-3E', name: a2, profile: centos55}", "hosts[1].mac", "already used by hosts[0].mac"),
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55}\n- {mac: '08:00:27:b2:40:3f', extra_macs: [080027b2403e], name: a2, profile: centos55}", "hosts[1].extra_macs[0]", "already used"),
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: nosuch}", "hosts[0].profile", "is not a profile of this site"),
        ("- {mac: '08:00:27:b2:40:3e', name: WEB-SERVER-NUMBER-1, profile: w2k8r2}", "hosts[0].name", "over 15"),
        ("- {mac: '08:00:27:b2:40:3e', name: 'WEB&1', profile: w2k8r2}", "hosts[0].name", "contains '&'"),
        ("- {mac: '08:00:27:b2:40:3e', name: '1234', profile: w2k8r2}", "hosts[0].name", "all digits"),
        ("- {mac: '08:00:27:b2:40:3e', name: test_pvm, profile: centos55}", "hosts[0].name", "DNS host names"),
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55, ip: 192.168.1.5/33}", "hosts[0].ip", "prefix length"),
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55, ip: 192.168.1.5/24, gateway: 10.0.0.1}", "hosts[0].gateway", "outside the host's subnet"),
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55, gateway: 10.0.0.1}", "hosts[0].ip", "is required when gateway"),
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55, colour: blue}", "hosts[0].colour", "is not a known key"),
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55, mode: reinstall}", "hosts[0].mode", "is not one of"),
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55, mode: capture}", "hosts[0].mode", "needs a Windows profile"),
        ("- {mac: '08:00:27:b2:40:3e', name: a1, profile: centos55}\n- {mac: '08:00:27:b2:40:3f', name: A1, profile: centos55}", "hosts[1].name", "already the name"),
    ] as [(String, String, String)])
    func refusesBadHosts(_ hosts: String, field: String, rule: String) {
        let issues = Self.issues(hosts)
        #expect(issues.contains { $0.field == field && $0.rule.contains(rule) }, "got: \(issues)")
        #expect(issues.allSatisfy { $0.location?.hasPrefix("zerotouch.yaml:") ?? false })
    }

    @Test(arguments: [
        ("  w9: {os: windows, winpe: {iso: ../../etc/shadow}}", "profiles.w9.winpe.iso", "leaves the boot tree"),
        ("  w9: {os: windows, winpe: {iso: /srv/winpe.iso}}", "profiles.w9.winpe.iso", "is absolute"),
        ("  w9: {os: beos}", "profiles.w9.os", "is not one of"),
        ("  w9: {os: windows, firmware: uefi, winpe: {iso: pe.iso}}", "profiles.w9.winpe.boot", "memdisk is BIOS only"),
        ("  w9: {os: kickstart, kernel: k, initrd: i, modules: [a]}", "profiles.w9.modules", "does not apply to os kickstart"),
        ("  w9: {os: kickstart, kernel: 'k x', initrd: i}", "profiles.w9.kernel", "outside the allowed set"),
        ("  w9: {os: xen, hypervisor: x, kernel: k, kernel_args: 'a --- evil.gz'}", "profiles.w9.kernel_args", "separates multiboot modules"),
        ("  w9: {os: kickstart, kernel: k, initrd: i, kernel_args: \"a\\nLABEL evil\"}", "profiles.w9.kernel_args", "newline"),
        ("  w9: {os: kickstart, initrd: i}", "profiles.w9.kernel", "is required"),
        ("  w9: {os: kickstart, release: el5, kernel: k, initrd: i, kernel_args: 'inst.text'}", "profiles.w9.kernel_args", "release el5 does not take"),
        ("  w9: {os: kickstart, release: el9, kernel: k, initrd: i, kernel_args: 'ksdevice=eth0'}", "profiles.w9.kernel_args", "EL 7 and later take inst.ks="),
        ("  w9: {os: kickstart, kernel: k, initrd: i, kernel_args: 'inst.ks=http://x/y.ks'}", "profiles.w9.kernel_args", "sets inst.ks= itself"),
        ("  w9: {os: kickstart, kernel: k, initrd: i, kickstart: ../x.ks}", "profiles.w9.kickstart", "'..'"),
        ("  w9: {os: kickstart, kernel: k, initrd: i, root_password: x}", "profiles.w9.root_password", "is a secret"),
        ("  w9: {os: xen, hypervisor: x, kernel: k, post: [a]}", "profiles.w9.post", "does not apply to os xen"),
        ("  w9: {os: windows, firmware: uefi, winpe: {boot: wimboot, dir: pe}}", "profiles.w9.secure_boot", "wimboot is not signed"),
        ("  w9: {os: xen, firmware: uefi, hypervisor: x, kernel: k}", "profiles.w9.secure_boot", "mboot.c32 and the hypervisor are not signed"),
        ("  w9: {os: windows, winpe: {boot: bootmgr, dir: pe}}", "profiles.w9.winpe.boot", "is Windows' UEFI boot manager"),
        ("  w9: {os: windows, firmware: uefi, winpe: {boot: bootmgr, dir: pe, iso: pe.iso}}", "profiles.w9.winpe.iso", "does not apply to boot: bootmgr"),
        ("  w9: {os: windows, firmware: uefi, winpe: {boot: bootmgr}}", "profiles.w9.winpe.dir", "is required"),
        ("  w9: {os: kickstart, kernel: k, initrd: i, secure_boot: true}", "profiles.w9.secure_boot", "applies to firmware: uefi only"),
        ("  w9: {os: kickstart, firmware: uefi, kernel: k, initrd: i, secure_boot: maybe}", "profiles.w9.secure_boot", "is not true or false"),
        ("  w9: {os: kickstart, firmware: uefi, kernel: k, initrd: i, kernel_args: \"a='b c'\"}", "profiles.w9.kernel_args", "GRUB (the UEFI loader) passes"),
    ] as [(String, String, String)])
    func refusesBadProfiles(_ profile: String, field: String, rule: String) {
        let issues = Self.issues("  []", site: Self.site + "\n" + profile)
        #expect(issues.contains { $0.field == field && $0.rule.contains(rule) }, "got: \(issues)")
    }

    @Test func secureBootIsOnForUEFIUnlessTheProfileSaysOff() throws {
        let config = try Self.parse("  []", site: Self.site + """

              efi: {os: kickstart, firmware: uefi, kernel: k, initrd: i}
              off: {os: windows, firmware: uefi, secure_boot: false, winpe: {boot: wimboot, dir: pe}}
              bios: {os: kickstart, kernel: k, initrd: i}
              w11: {os: windows, firmware: uefi, winpe: {boot: bootmgr, dir: pe/w11}}
            """)
        #expect(config.profiles["efi"]?.secureBoot == true && config.profiles["off"]?.secureBoot == false && config.profiles["bios"]?.secureBoot == false)
        // Windows' own boot manager is signed by Microsoft: Secure Boot stays on.
        let w11 = BootMethod.bootManager(BootManagerFiles(directory: try BootPath("pe/w11")))
        #expect(config.profiles["w11"]?.secureBoot == true && config.profiles["w11"]?.boot == w11)
    }

    @Test func refusesTraversalInSitePaths() {
        let site = Self.site.replacingOccurrences(of: "tftp_root: out/tftpboot", with: "tftp_root: ../../srv/tftp")
        #expect(Self.issues("  []", site: site).contains { $0.field == "site.tftp_root" && $0.rule.contains("'..'") })
    }

    @Test func refusesEmptyAndMalformedDocuments() {
        for text in ["", "site: [", "just a string"] {
            #expect(throws: FleetError.self) { try FleetDocument.parse(text, file: "f.yaml", directory: "/") }
        }
    }

    @Test func reportsEveryProblemWithItsLine() {
        let issues = Self.issues("""
              - {mac: 'nope', name: a1, profile: centos55}
              - {mac: '08:00:27:b2:40:3f', name: a2, profile: missing}
            """)
        #expect(issues.count == 2)
        #expect(issues[0].location == "zerotouch.yaml:10:11")
        #expect(issues[0].description.contains("hosts[0].mac: 'nope' is not a MAC address"))
    }

    @Test func showsControlCharactersInValues() {
        let issue = ValidationIssue(field: "name", value: "a\nb", rule: "is bad")
        #expect(issue.description == "name: 'a\\nb' is bad")
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

struct ValidationIssueTests {
    @Test func aHugeValueIsShownByItsStartAndLength() {
        let issue = ValidationIssue(field: "hosts[3].post[0]", value: "echo " + String(repeating: "x", count: 5000), rule: "is too long", location: "f.yaml:4:5")
        #expect(issue.description.count < 300)
        #expect(issue.description.hasPrefix("f.yaml:4:5: hosts[3].post[0]: 'echo xxx"))
        #expect(issue.description.hasSuffix("…' (5005 characters) is too long"))
        #expect(ValidationIssue(field: "a", value: "short", rule: "r").description == "a: 'short' r")
    }
}

extension ValidationIssueTests {
    /// Found by Scripts/fuzz: a quoted key may hold a newline, and the key is part of the field path.
    @Test func aKeyWithANewlineCannotForgeASecondMessageLine() throws {
        let text = "site: {server: 10.0.0.1, tftp_root: t, http_root: h}\nprofiles:\n  a: {os: local}\nhosts:\n  - {mac: '52:54:00:00:00:01', name: a, profile: a, \"x\\nerror: forged\": 1}\n"
        let error = try #require(throws: FleetError.self) { try FleetDocument.parse(text, file: "f.yaml", directory: "/") }
        #expect(error.description.split(separator: "\n").count == error.issues.count, "\(error)")
        #expect(error.description.contains("hosts[0].x\\nerror: forged"), "\(error)")
    }
}

/// `drivers:` on a Windows profile and host: the sets, the model lists, and what is refused.
struct DriverChoiceTests {
    static func site(_ drivers: String) -> String {
        FleetDocumentTests.site.replacingOccurrences(of: "w2k8r2: {os: windows, winpe: {iso: winpe_amd64.iso}}",
                                                     with: "w2k8r2: {os: windows, winpe: {iso: winpe_amd64.iso}, drivers: \(drivers)}")
    }

    @Test func aProfilesSetsAndAHostsOwnChoice() throws {
        let fleet = try FleetDocumentTests.parse("""
            - {mac: '08:00:27:b2:40:3e', name: W1, profile: w2k8r2}
            - {mac: '08:00:27:b2:40:3f', name: W2, profile: w2k8r2, drivers: [nic-intel]}
            """, site: Self.site(#"{always: [storage-common], by_model: {"OptiPlex 7090": dell-7090, "HP EliteBook 840 G8": [hp-840g8, hp-dock]}, required: [storage-common]}"#))
        let choice = try #require(fleet.windowsSettings(for: fleet.hosts[0]).drivers)
        #expect(choice.always == ["storage-common"] && choice.required == ["storage-common"])
        #expect(choice.byModel.map(\.name) == ["OptiPlex 7090", "HP EliteBook 840 G8"] && choice.byModel[1].sets == ["hp-840g8", "hp-dock"])
        #expect(choice.candidates == ["storage-common", "dell-7090", "hp-840g8", "hp-dock"])
        #expect(fleet.windowsSettings(for: fleet.hosts[1]).drivers == DriverChoice(always: ["nic-intel"]), "a host's choice replaces its profile's")
    }

    @Test(arguments: [
        ("[../etc]", "profiles.w2k8r2.drivers[0]", "is not a driver set name"),
        (#"{by_model: {"Bad & Model": x}}"#, "profiles.w2k8r2.drivers.by_model.Bad & Model", "is not a model name"),
        (#"{always: [a], required: [b]}"#, "profiles.w2k8r2.drivers.required", "is not one of the sets in always or by_model"),
        (#"{always: [a], by_model: [x]}"#, "profiles.w2k8r2.drivers.by_model", "must map model names to driver sets"),
        (#"{always: [a], pick: [b]}"#, "profiles.w2k8r2.drivers.pick", "is not a known key here"),
    ])
    func badChoicesAreRefusedWhereTheyAreWritten(_ drivers: String, _ field: String, _ rule: String) {
        let issues = FleetDocumentTests.issues("- {mac: '08:00:27:b2:40:3e', name: W1, profile: w2k8r2}", site: Self.site(drivers))
        #expect(issues.contains { $0.field == field && $0.rule.contains(rule) && $0.location != nil }, "\(issues)")
    }
}
