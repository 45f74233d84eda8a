import Fleet
import Foundation
import Render
import XML

/// Each Windows host's answer file, from its profile's base and its own record. Base files are read
/// and parsed once per run; secrets are read only when a host needs them.
final class AnswerFiles {
    let config: FleetConfig
    private let secrets = SecretResolver()
    private var bases: [String: XMLDocument] = [:]
    private var iniBases: [String: IniDocument] = [:]
    private var basePaths: [String: String] = [:]
    /// What Sysprep.inf could not express, one line per host.
    private(set) var warnings: [String] = []

    init(config: FleetConfig) {
        self.config = config
    }

    /// `SHARE/<mac>/unattend.xml` (or `sysprep.inf`) for every NIC of a Windows host about to install.
    func artifacts(for host: Fleet.Host, profile: Profile) throws -> [Artifact] {
        guard profile.os.isWindows, host.mode == .install else { return [] }
        let content = try render(host, profile: profile)
        let name = profile.os == .windows ? "unattend.xml" : "sysprep.inf"
        return host.macs.map { Artifact(root: .share, path: "\($0.dashed)/\(name)", content: content, owner: host.primaryMAC) }
    }

    /// The host's unattend.xml (os windows) or Sysprep.inf (os windows-legacy).
    func render(_ host: Fleet.Host, profile: Profile) throws -> [UInt8] {
        let settings = config.windowsSettings(for: host)
        let field = config.windowsOverrides[host.primaryMAC] == nil ? "profiles.\(profile.name)" : "host \(host.name) / profiles.\(profile.name)"
        var resolved = AnswerSecrets()
        if let key = settings.productKey { resolved.productKey = try secrets.value(of: key, field: "\(field).product_key") }
        if let password = settings.adminPassword { resolved.adminPassword = try secrets.value(of: password, field: "\(field).admin_password") }
        if let password = settings.domain?.password { resolved.joinPassword = try secrets.value(of: password, field: "\(field).domain.password") }
        if profile.os == .windowsLegacy {
            do {
                let rendered = try SysprepDocument.render(base: try iniBase(for: profile), host: host, settings: settings, secrets: resolved,
                                                          staticNICs: config.networks(of: host).count)
                warnings += rendered.notes
                return rendered.content
            } catch let refusal as SysprepDocument.Refusal {
                throw FleetError(ValidationIssue(field: "\(field) (host \(host.name))", value: nil, rule: "cannot go into Sysprep.inf: \(refusal)"))
            }
        }
        do {
            return try UnattendDocument.render(base: try base(for: profile), host: host, profile: profile, settings: settings, secrets: resolved,
                                               networks: config.networks(of: host))
        } catch {
            throw FleetError(ValidationIssue(field: "profiles.\(profile.name).answer_file", value: nil, rule: "\(error)"))
        }
    }

    private func iniBase(for profile: Profile) throws -> IniDocument {
        let path = try basePath(for: profile, shipped: "windows-2003-sysprep.inf")
        if let known = iniBases[path] { return known }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw FleetError(ValidationIssue(field: "profiles.\(profile.name).answer_file", value: path, rule: "cannot be read (missing or permission denied)"))
        }
        let document = IniDocument(parsing: text)
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
        if let known = bases[path] { return known }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FleetError(ValidationIssue(field: "profiles.\(profile.name).answer_file", value: path, rule: "cannot be read (missing or permission denied)"))
        }
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: Array(data), name: path)
            try UnattendDocument.check(document)
        } catch {
            throw FleetError(ValidationIssue(field: "profiles.\(profile.name).answer_file", value: nil, rule: "\(error)"))
        }
        bases[path] = document
        return document
    }

    /// A base that ships in `Answerfiles/`: beside the source tree the binary was built in, or
    /// under `share/zerotouch/` of the prefix it is installed in.
    static func shipped(_ name: String) throws(FleetError) -> String {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in ["Answerfiles/\(name)", "share/zerotouch/Answerfiles/\(name)"] {
                let path = folder.appendingPathComponent(candidate).path
                if FileManager.default.fileExists(atPath: path) { return path }
            }
            folder.deleteLastPathComponent()
        }
        throw FleetError(ValidationIssue(field: "answer_file", value: nil,
                                         rule: "is not given and the shipped base \(name) was not found beside zerotouch; give the profile an answer_file"))
    }
}
