import Fleet
import Foundation
import Publish
import Render
import XML

/// Each Windows host's folders on the share: its answer file, from its profile's base and its own
/// record, and the WinPE scripts that deploy (or capture) it. Base files are read and parsed, and
/// images inspected, once per run; secrets are read only when a host needs them.
final class ShareFolders {
    let config: FleetConfig
    /// Derives the host's callback token for its first-logon `ready` command.
    let key: SiteKey
    private let secrets: SecretResolver
    private var bases: [String: XMLDocument] = [:]
    private var iniBases: [String: IniDocument] = [:]
    private var basePaths: [String: String] = [:]
    /// Profiles whose image was checked (or found missing) this run.
    var checkedImages = Set<String>()
    private var warned = Set<String>()
    /// What the operator should know: images not on the share yet, what Sysprep.inf cannot express.
    private(set) var warnings: [String] = []

    /// Opens the share, where the profiles' images are, when one is first inspected.
    private let share: () throws -> any PublishTarget

    init(config: FleetConfig, key: SiteKey, secrets: SecretResolver, share: @escaping () throws -> any PublishTarget) {
        self.config = config
        self.key = key
        self.secrets = secrets
        self.share = share
    }

    /// Each NIC's share folder for a Windows host: in `install` mode its answer file (`unattend.xml`
    /// or `sysprep.inf`), `autorun.bat` and `diskpart.txt`; in `capture` mode an `autorun.bat` that
    /// captures it. Other modes get nothing, so leaving install mode removes the files and secrets.
    func artifacts(for host: Fleet.Host, profile: Profile) throws -> [Artifact] {
        guard profile.os.isWindows, host.mode == .install || host.mode == .capture else { return [] }
        var files: [(String, [UInt8])] = []
        if host.mode == .install {
            files.append((profile.os == .windows ? "unattend.xml" : "sysprep.inf", try render(host, profile: profile)))
            files.append(("ready.js", Array(ReadyScript.render(url: callbackURL(host), token: key.token(for: host.primaryMAC.description)).utf8)))
            guard let image = profile.image else {
                warnNoImage(profile)
                return share(files, host: host)
            }
            try checkImage(image, profile: profile)
            files.append(("diskpart.txt", Array(DiskpartScript.render(profile.deployment, legacy: profile.os == .windowsLegacy).utf8)))
        }
        do {
            files.append(("autorun.bat", Array(try AutorunScript.render(host: host, profile: profile, mode: host.mode).utf8)))
        } catch {
            throw FleetError(ValidationIssue(field: "host \(host.name)", value: nil, rule: "cannot go into autorun.bat: \(error)"))
        }
        return share(files, host: host)
    }

    func share(_ files: [(String, [UInt8])], host: Fleet.Host) -> [Artifact] {
        host.macs.flatMap { mac in
            files.map { Artifact(root: .share, path: "\(mac.dashed)/\($0.0)", content: $0.1, owner: .host(host.primaryMAC)) }
        }
    }

    /// Checks the image that `host`'s files name, when it has them (a Windows host in install mode).
    func checkImage(for host: Fleet.Host, profile: Profile) throws {
        guard profile.os.isWindows, host.mode == .install else { return }
        guard let image = profile.image else { return warnNoImage(profile) }
        try checkImage(image, profile: profile)
    }

    func warnNoImage(_ profile: Profile) {
        warn("profile \(profile.name) names no image, so its hosts get no autorun.bat; add image: {wim: PATH, index: N}")
    }

    /// The profile's WIM, when it is on the share already: the index must exist and the architecture
    /// match. A WIM not there yet is a warning: the hosts' autorun.bat fails at apply-image until it is.
    func checkImage(_ image: WindowsImage, profile: Profile) throws {
        guard checkedImages.insert(profile.name).inserted else { return }
        let target = try share()
        let path = target.location(of: image.wim.value)
        guard try target.size(of: image.wim.value) != nil else {
            warn("profile \(profile.name): \(image.wim) is not on the share (\(path)) yet; its hosts stop at apply-image until it is")
            return
        }
        let info: WIMInfo
        do {
            info = try WIMFile.inspect(image.wim.value, on: target)
        } catch {
            throw FleetError(ValidationIssue(field: "profiles.\(profile.name).image.wim", value: image.wim.value, rule: "cannot be used: \(error)"))
        }
        let list = info.images.map { "\($0.index): \($0.name)" }.joined(separator: ", ")
        guard let found = info.images.first(where: { $0.index == image.index }) else {
            throw FleetError(ValidationIssue(field: "profiles.\(profile.name).image.index", value: String(image.index),
                                             rule: "is not an image in \(image.wim) (it has \(list.isEmpty ? "none" : list)); no host of this profile was armed"))
        }
        let expected = try architecture(of: profile)
        if let arch = found.architecture, arch != expected {
            throw FleetError(ValidationIssue(field: "profiles.\(profile.name).arch", value: expected.rawValue,
                                             rule: "does not match image \(image.index) (\(found.name)) of \(image.wim), which is \(arch.rawValue); no host of this profile was armed"))
        }
    }

    func warn(_ text: String) {
        if warned.insert(text).inserted { warnings.append(text) }
    }

    /// The host's unattend.xml (os windows) or Sysprep.inf (os windows-legacy).
    func render(_ host: Fleet.Host, profile: Profile) throws -> [UInt8] {
        var settings = config.windowsSettings(for: host)
        // The last command tells the boot server the host is ready (ready.js, beside the answer file).
        settings.firstLogon = (settings.firstLogon ?? []) + [ReadyScript.command]
        let field = config.windowsOverrides[host.primaryMAC] == nil ? "profiles.\(profile.name)" : "host \(host.name) / profiles.\(profile.name)"
        var resolved = AnswerSecrets()
        if let key = settings.productKey { resolved.productKey = try secrets.value(of: key, field: "\(field).product_key") }
        if let password = settings.adminPassword { resolved.adminPassword = try secrets.value(of: password, field: "\(field).admin_password") }
        if let password = settings.domain?.password { resolved.joinPassword = try secrets.value(of: password, field: "\(field).domain.password") }
        if profile.os == .windowsLegacy {
            do {
                let rendered = try SysprepDocument.render(base: try iniBase(for: profile), host: host, settings: settings, secrets: resolved,
                                                          staticNICs: config.networks(of: host).count)
                for note in rendered.notes { warn(note) }
                return rendered.content
            } catch let refusal as SysprepDocument.Refusal {
                throw FleetError(ValidationIssue(field: "\(field) (host \(host.name))", value: nil, rule: "cannot go into Sysprep.inf: \(refusal)"))
            }
        }
        let base = try base(for: profile)
        do {
            return try UnattendDocument.render(base: base, host: host, profile: profile, settings: settings, secrets: resolved,
                                               networks: config.networks(of: host))
        } catch {
            throw Self.refusal(error, field: "profiles.\(profile.name).answer_file")
        }
    }

    /// What the host's answer file changes in its profile's base, secrets masked (`render --diff`).
    func answerDiff(_ host: Fleet.Host, profile: Profile) throws -> String {
        let rendered = try render(host, profile: profile)
        if profile.os == .windowsLegacy {
            return AnswerFileDiff.sysprep(base: try iniBase(for: profile), rendered: IniDocument(decoding: rendered))
        }
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: rendered, name: "unattend.xml")
        } catch {
            throw Self.refusal(error, field: "profiles.\(profile.name).answer_file")
        }
        return AnswerFileDiff.unattend(base: try base(for: profile), rendered: document)
    }

    func callbackURL(_ host: Fleet.Host) -> String {
        "\(config.site.httpBase)/api/v1/hosts/\(host.primaryMAC.dashed)/events"
    }

    /// The architecture of the profile's image: its `arch`, else its base answer file's.
    func architecture(of profile: Profile) throws -> Architecture {
        guard profile.os == .windows, profile.declaredArch == nil else { return profile.arch }
        let base = try base(for: profile)
        do {
            return try UnattendArchitecture.of(base, declared: nil)
        } catch {
            throw Self.refusal(error, field: "profiles.\(profile.name).answer_file")
        }
    }

    /// A base answer file's error at its own line: `base.xml:12:5: profiles.w.answer_file: rule`.
    static func refusal(_ error: XMLError, field: String) -> FleetError {
        var location = error.document
        if let line = error.line { location += ":\(line):\(error.column ?? 1)" }
        return FleetError(ValidationIssue(field: field, value: nil, rule: error.message, location: location))
    }

    private func iniBase(for profile: Profile) throws -> IniDocument {
        let path = try basePath(for: profile, shipped: "windows-2003-sysprep.inf")
        if let known = iniBases[path] { return known }
        let data = try ReferencedFile.bytes(path, field: "profiles.\(profile.name).answer_file")
        let document = IniDocument(decoding: Array(data))
        iniBases[path] = document
        return document
    }

    /// The profile's answer_file, or the shipped base; a bare name the fleet's folder lacks names a shipped base.
    /// Looked up once per profile.
    private func basePath(for profile: Profile, shipped name: String) throws -> String {
        if let known = basePaths[profile.name] { return known }
        let path = try locateBase(for: profile, shipped: name)
        basePaths[profile.name] = path
        return path
    }

    private func locateBase(for profile: Profile, shipped name: String) throws -> String {
        let path = try profile.answerFile ?? Self.shipped(name)
        if !FileManager.default.fileExists(atPath: path), let bare = path.split(separator: "/").last, let found = try? Self.shipped(String(bare)) {
            return found
        }
        return path
    }

    private func base(for profile: Profile) throws -> XMLDocument {
        let path = try basePath(for: profile, shipped: profile.arch == .arm64 ? "windows-10-arm64.xml" : "windows-10.xml")
        // A shipped base follows the profile's architecture, so it is kept per architecture.
        let shipped = ShippedFile.path("Answerfiles/\(path.split(separator: "/").last ?? "")") == path
        let cacheKey = shipped ? "\(path)|\(profile.declaredArch?.rawValue ?? "")" : path
        if let known = bases[cacheKey] { return known }
        let data = try ReferencedFile.bytes(path, field: "profiles.\(profile.name).answer_file")
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: Array(data), name: path)
            try UnattendDocument.check(document)
        } catch {
            throw Self.refusal(error, field: "profiles.\(profile.name).answer_file")
        }
        if shipped, let arch = profile.declaredArch { UnattendArchitecture.retarget(document, to: arch) }
        bases[cacheKey] = document
        return document
    }

    /// A base that ships in `Answerfiles/`.
    static func shipped(_ name: String) throws(FleetError) -> String {
        guard let path = ShippedFile.path("Answerfiles/\(name)") else {
            throw FleetError(ValidationIssue(field: "answer_file", value: nil,
                                             rule: "is not given and the shipped base \(name) was not found beside zerotouch; give the profile an answer_file"))
        }
        return path
    }
}
