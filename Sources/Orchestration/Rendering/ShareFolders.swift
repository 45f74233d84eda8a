import Fleet
import Foundation
import Publish
import Render
import XML

/// Each Windows host's folders on the share: its answer file, from its profile's base and its own
/// record, and the WinPE scripts that deploy (or capture) it. Base files are read and parsed, and
/// images inspected, once per run (`AnswerBases`, `ImageChecks`); secrets are read only when a host needs them.
final class ShareFolders {
    let config: FleetConfig
    /// Derives the host's callback token for its first-logon `ready` command.
    let key: SiteKey
    private let secrets: SecretResolver
    let bases = AnswerBases()
    let images: ImageChecks
    private let warningList = WarningList()

    /// - Parameter share: opens the share, where the profiles' images are, when one is first inspected.
    init(config: FleetConfig, key: SiteKey, secrets: SecretResolver, share: @escaping () throws -> any PublishTarget) {
        self.config = config
        self.key = key
        self.secrets = secrets
        images = ImageChecks(bases: bases, warnings: warningList, share: share)
    }

    /// What the operator should know: images not on the share yet, what Sysprep.inf cannot express.
    var warnings: [String] { warningList.lines }

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
                images.warnNoImage(profile)
                return share(files, host: host)
            }
            try images.check(image, profile: profile)
            files.append(("diskpart.txt", Array(DiskpartScript.render(profile.deployment, legacy: profile.os == .windowsLegacy).utf8)))
        }
        do {
            files.append(("autorun.bat", Array(try AutorunScript.render(host: host, profile: profile, mode: host.mode, drivers: config.windowsSettings(for: host).drivers).utf8)))
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
                let rendered = try SysprepDocument.render(base: try bases.sysprep(for: profile), host: host, settings: settings, secrets: resolved,
                                                          staticNICs: config.networks(of: host).count)
                for note in rendered.notes { warningList.add(note) }
                return rendered.content
            } catch let refusal as SysprepDocument.Refusal {
                throw FleetError(ValidationIssue(field: "\(field) (host \(host.name))", value: nil, rule: "cannot go into Sysprep.inf: \(refusal)"))
            }
        }
        let base = try bases.unattend(for: profile)
        do {
            return try UnattendDocument.render(base: base, host: host, profile: profile, settings: settings, secrets: resolved,
                                               networks: config.networks(of: host))
        } catch {
            throw AnswerBases.refusal(error, field: "profiles.\(profile.name).answer_file")
        }
    }

    /// What the host's answer file changes in its profile's base, secrets masked (`render --diff`).
    func answerDiff(_ host: Fleet.Host, profile: Profile) throws -> String {
        let rendered = try render(host, profile: profile)
        if profile.os == .windowsLegacy {
            return AnswerFileDiff.sysprep(base: try bases.sysprep(for: profile), rendered: IniDocument(decoding: rendered))
        }
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: rendered, name: "unattend.xml")
        } catch {
            throw AnswerBases.refusal(error, field: "profiles.\(profile.name).answer_file")
        }
        return AnswerFileDiff.unattend(base: try bases.unattend(for: profile), rendered: document)
    }

    func callbackURL(_ host: Fleet.Host) -> String {
        "\(config.site.httpBase)/api/v1/hosts/\(host.primaryMAC.dashed)/events"
    }
}
