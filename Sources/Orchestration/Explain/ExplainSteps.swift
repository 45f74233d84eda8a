import Fleet
import Inventory
import OperatingSystem
import Publish
import Render

/// The links `HostExplain` checks, each from what `apply` would write now and what the roots hold.
struct ExplainSteps {
    let session: SiteSession
    let mac: MACAddress
    /// The registered host and its profile; `nil` for a MAC no applied host has.
    let host: Host?
    let profile: Profile?
    let firmware: BootFirmware

    var site: Site { session.site }
    /// The loader DHCP hands this firmware: the site's, or for a UEFI machine its profile's own (`Profile.uefiLoader`).
    var setting: DHCPSettings.Loader {
        let loader = site.dhcp?.loader ?? .pxelinux
        guard firmware != .bios, let profile else { return loader }
        return profile.uefiLoader(site: loader)
    }
    var installing: Bool { host.map { $0.mode == .install || $0.mode == .capture } ?? false }
    /// Whether the machine reaches its entry through iPXE asking `zerotouch serve`.
    var throughIPXE: Bool { firmware == .uefiHTTP ? httpBoot : setting == .ipxe }
    var httpBoot: Bool { site.dhcp?.httpBoot ?? false }

    /// What the DHCP server answers this firmware, and whether the NIC has its reservation.
    func dhcp() -> [ChainLink] {
        var links: [ChainLink] = []
        guard let settings = site.dhcp else {
            links.append(.warn("dhcp", "site.dhcp is not set: ZeroTouch writes no DHCP configuration",
                               fix: "your DHCP server must send next-server \(site.server) and the boot file below"))
            return links + [answer()]
        }
        let address = host.flatMap { session.config.networks(of: $0).first { $0.mac == mac }?.network.interface.address }
        if !settings.server.reserves {
            links.append(.ok("dhcp", "the address comes from your own DHCP server; ZeroTouch's proxyDHCP (\(settings.output)) adds the boot file"))
        } else if let address {
            let written = (try? LocalFile.read(settings.output)).map { String(decoding: $0, as: UTF8.self).contains(mac.description) } ?? false
            let hosts = settings.server == .dnsmasq ? (try? LocalFile.read(settings.hostsFile)).map { String(decoding: $0, as: UTF8.self).contains(mac.description) } ?? false : false
            links.append(written || hosts
                ? .ok("dhcp", "reserved \(address) in \(settings.server == .dnsmasq ? settings.hostsFile : settings.output)")
                : .warn("dhcp", "reservation \(address) is not in \(settings.output) yet", fix: "run 'zerotouch apply'"))
        } else if let range = settings.range {
            links.append(.ok("dhcp", "no fixed address: a lease from \(range.lowerBound)-\(range.upperBound)"))
        } else {
            links.append(.fail("dhcp", "no fixed address, and site.dhcp has no range: the machine gets no lease",
                               fix: "give the host ip: ADDRESS/PREFIX, or site.dhcp a range"))
        }
        return links + [answer()]
    }

    /// The boot file this firmware is sent.
    func answer() -> ChainLink {
        switch firmware {
        case .uefiHTTP where profile?.arch == .arm64:
            return .fail("dhcp", "arm64 UEFI HTTP Boot clients (option 93 = 19) are sent no boot file: ZeroTouch has no arm64 loader that goes on over HTTP",
                         fix: "let the machine PXE-boot (put PXE before HTTP in its boot order): it gets the signed shim and GRUB")
        case .uefiHTTP where !httpBoot:
            return .fail("dhcp", "UEFI HTTP Boot clients (option 93 = 16) are sent no boot file: site.dhcp.http_boot is off",
                         fix: "set site.dhcp.http_boot: true (iPXE over HTTP, Secure Boot off), or put PXE before HTTP in the machine's boot order")
        case .uefiHTTP:
            return .ok("dhcp", "UEFI HTTP Boot clients (option 93 = 16) are sent \(site.httpBootURL(of: DHCPSettings.httpBootLoader)) with vendor class HTTPClient")
        case .uefi where site.dhcp.flatMap { DHCPBootChoice.proxyLimit($0, profiles: profile.map { [$0] } ?? []) } != nil:
            return .fail("dhcp", "x64 UEFI PXE clients are sent shimx64.efi by the proxyDHCP, but GRUB 2.06 then asks your DHCP server's next-server for its configuration",
                         fix: "give UEFI hosts ZeroTouch's own DHCP (server: isc, dnsmasq or kea), or boot: ipxe with secure_boot: false")
        case .ipxe where setting == .ipxe:
            return .ok("dhcp", "iPXE clients (user class iPXE) are sent \(site.ipxeChainURL)")
        default:
            return .ok("dhcp", "\(firmwareName) clients are sent \(bootFile ?? "nothing") from next-server \(site.server)")
        }
    }

    var firmwareName: String {
        switch firmware {
        case .bios: "BIOS PXE (option 93 = 0)"
        case .uefi: profile?.arch == .arm64 ? "arm64 UEFI PXE (option 93 = 11)" : "x64 UEFI PXE (option 93 = 7)"
        case .uefiHTTP: "UEFI HTTP Boot"
        case .ipxe: "iPXE"
        }
    }

    /// The TFTP file DHCP names for this firmware; `nil` for HTTP answers.
    var bootFile: String? {
        switch firmware {
        case .bios: setting.biosFile
        case .uefi: profile?.arch == .arm64 ? setting.uefiArm64File : setting.uefiFile
        case .ipxe: setting == .ipxe ? nil : (profile?.firmware == .uefi ? setting.uefiFile : setting.biosFile)
        case .uefiHTTP: nil
        }
    }

    /// The loader on the TFTP root, and for shim the GRUB it loads; signed where Secure Boot needs it.
    func loaders() throws -> [ChainLink] {
        if firmware == .uefiHTTP, httpBoot, profile?.arch != .arm64 { return try httpBootLoader() }
        guard !throughIPXE, let bootFile else { return [] }
        var names = [bootFile]
        if bootFile == "shimx64.efi" { names.append("grubx64.efi") }
        if bootFile == "shimaa64.efi" { names.append("grubaa64.efi") }
        return try names.map { name in
            var link = try tftpFile(name, step: "loader", missingFix: "install its package or put it in site.loaders, then run 'zerotouch apply'")
            if link.status == .ok, firmware == .uefi, profile?.secureBoot == true, SignedBootFiles.isSigned(site.tftpRoot + "/" + name) == false {
                link = .fail("loader", "\(name) is not signed: firmware with Secure Boot on will not start it",
                             fix: "use the signed build (shim-signed, grub-efi-amd64-signed)")
            }
            return link
        }
    }

    /// iPXE in the TFTP root, which 'zerotouch serve' offers HTTP Boot clients; refused with Secure Boot on.
    func httpBootLoader() throws -> [ChainLink] {
        let name = DHCPSettings.httpBootLoader
        var link = try tftpFile(name, step: "loader", missingFix: "install Debian's ipxe or put \(name) in site.loaders, then run 'zerotouch apply'")
        if link.status == .ok, profile?.secureBoot == true {
            link = .fail("loader", "\(name) is not signed: with Secure Boot on, HTTP Boot firmware will not start it",
                         fix: "turn Secure Boot off for this host (secure_boot: false), or let it PXE-boot (the signed shim and GRUB)")
        }
        return [link]
    }

    /// The entry the loader reads: present, and what apply would write now.
    func entry() throws -> [ChainLink] {
        if throughIPXE || firmware == .uefiHTTP {
            guard !throughIPXE || host == nil || profile != nil else { return [] }
            return [.ok("entry", "'zerotouch serve' answers \(site.httpBase)/boot?mac=\(mac) ('zerotouch render \(mac) --artifact ipxe' prints it)")]
        }
        let grub = bootFile?.hasPrefix("shim") == true
        var expected: [(path: String, text: String)] = []
        if grub { expected.append((GRUBConfig.sitePath, GRUBConfig.site())) }
        let own = grub ? GRUBConfig.path(of: mac) : "pxelinux.cfg/\(mac.pxelinuxName)"
        if let host, let profile {
            let text = grub ? GRUBConfig.render(host: host, nic: mac, profile: profile, site: site)
                : PXELinuxConfig.render(host: host, nic: mac, profile: profile, site: site)
            if let text { expected.append((own, text)) } else if !grub { expected.append(("pxelinux.cfg/default", PXELinuxConfig.siteDefault())) }
        } else if !grub {
            expected.append(("pxelinux.cfg/default", PXELinuxConfig.siteDefault()))
        }
        let root = BeneathRoot(site.tftpRoot)
        return try expected.map { path, text in
            guard let bytes = try root.read(path) else {
                return .fail("entry", "\(root.full(path)) is missing", fix: "run 'zerotouch apply'")
            }
            guard bytes == Array(text.utf8) else {
                return .warn("entry", "\(root.full(path)) differs from what apply writes now", fix: "run 'zerotouch apply' (it replaces files it wrote)")
            }
            return .ok("entry", root.full(path))
        }
    }

    /// Every file the host's entry loads, on the root its loader reads from.
    func files() throws -> [ChainLink] {
        guard installing, let profile else { return [] }
        let paths = ApplyPlanner.bootPaths(of: profile.boot).map(\.value)
        if throughIPXE {
            let root = BeneathRoot(site.httpRoot)
            return try paths.map { try file($0, in: root, step: "file", missingFix: "copy it into the HTTP root (\(site.httpRoot)); iPXE fetches \(site.httpBase)/files/\($0)") }
        }
        var links = try paths.map { try tftpFile($0, step: "file", missingFix: "copy it into the TFTP root (\(site.tftpRoot))") }
        if case .bootManager(let files) = profile.boot {
            if profile.secureBoot, SignedBootFiles.isSigned(site.tftpRoot + "/" + files.bootManager.value) == false {
                links.append(.fail("file", "\(files.bootManager) has no Authenticode signature: the firmware refuses it with Secure Boot on",
                                   fix: "copy Windows' own boot manager there ('zerotouch winpe build' takes it from the media's EFI/Boot/bootx64.efi)"))
            }
            let store = BCDStore.path(profile: profile.name)
            let link = try tftpFile(store, step: "file", missingFix: "run 'zerotouch apply' (it writes the profile's BCD store)")
            links.append(link.status == .ok ? .ok("file", "\(site.tftpRoot)/\(store): the BCD store DHCP option 252 names (\(BCDStore.dhcpOption(profile: profile.name)))") : link)
        }
        if firmware == .uefi, profile.secureBoot, case .kernel(let kernel) = profile.boot {
            let path = site.tftpRoot + "/" + kernel.kernel.value
            let fix = "use the distribution's signed kernel, or secure_boot: false if the machine has Secure Boot off"
            switch SignedBootFiles.isSigned(path) {
            case false: links.append(.fail("file", "\(kernel.kernel) has no Authenticode signature: shim refuses it with Secure Boot on", fix: fix))
            case true:
                let shimName = profile.arch == .arm64 ? "shimaa64.efi" : "shimx64.efi"
                if let shim = try? LocalFile.read(site.tftpRoot + "/" + shimName), let trust = ShimTrust(shim: shim) {
                    defer { trust.remove() }
                    if case .untrusted(let signer) = trust.verdict(of: path) {
                        links.append(.fail("file", "\(kernel.kernel) is signed by '\(signer)', not by the key \(shimName) trusts: shim refuses it with Secure Boot on", fix: fix))
                    }
                }
            default: break
            }
        }
        return links
    }

    /// What the installer reads next: the kickstart, or the share folder and the image.
    func installFiles() throws -> [ChainLink] {
        guard installing, let host, let profile else { return [] }
        if profile.os == .kickstart || profile.os == .esxi {
            return [try file("ks/\(mac.dashed).ks", in: BeneathRoot(site.httpRoot), step: "kickstart", missingFix: "run 'zerotouch apply'")]
        }
        guard profile.os.isWindows else { return [] }
        let share: any PublishTarget
        do {
            share = try session.target(.share)
        } catch {
            return [.fail("share", "the share cannot be opened: \(error)", fix: "run 'zerotouch share check'")]
        }
        var links: [ChainLink] = []
        let names = try share.list(mac.dashed) ?? []
        let wanted = host.mode == .capture ? ["autorun.bat"] : ["autorun.bat", profile.os == .windows ? "unattend.xml" : "sysprep.inf"]
        for name in wanted {
            links.append(names.contains(name)
                ? .ok("share", share.location(of: "\(mac.dashed)/\(name)"))
                : .fail("share", "\(share.location(of: "\(mac.dashed)/\(name)")) is missing", fix: "run 'zerotouch apply'"))
        }
        if host.mode == .install, let image = profile.image {
            links.append(try share.size(of: image.wim.value) != nil
                ? .ok("share", "image \(share.location(of: image.wim.value)), index \(image.index)")
                : .fail("share", "image \(share.location(of: image.wim.value)) is not on the share", fix: "zerotouch image publish FILE.wim"))
        }
        return links
    }

    func nextBoot(state: HostState?) -> ChainLink {
        guard let host else { return .ok("next boot", "boots its local disk (the site's default entry)") }
        if installing {
            return .ok("next boot", "\(host.mode == .capture ? "captures its image" : "installs") with profile \(host.profile)\(state.map { " (state \($0.rawValue))" } ?? "")")
        }
        return .ok("next boot", "boots its local disk (mode \(host.mode.rawValue))")
    }

    func tftpFile(_ path: String, step: String, missingFix: String) throws -> ChainLink {
        try file(path, in: BeneathRoot(site.tftpRoot), step: step, missingFix: missingFix)
    }

    /// A file the machine fetches: there, a regular file, and readable by the server's own user (TFTP
    /// and web servers run as one of their own, so "others" must be able to read it).
    func file(_ path: String, in root: BeneathRoot, step: String, missingFix: String) throws -> ChainLink {
        let location = root.full(path)
        guard let status = try root.status(of: path) else { return .fail(step, "\(location) is missing", fix: missingFix) }
        guard status.isRegularFile else { return .fail(step, "\(location) is not a regular file", fix: "replace it with the file itself (links are not followed)") }
        guard status.permissions & 0o004 != 0 else {
            return .warn(step, "\(location) (\(status.size) bytes) is not readable by other users, as the TFTP or web server's user is",
                         fix: "chmod o+r \(location)")
        }
        return .ok(step, "\(location) (\(status.size) bytes)")
    }
}
