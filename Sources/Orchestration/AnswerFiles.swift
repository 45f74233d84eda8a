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
    private(set) var warnings: [String] = []
    private var warnedLegacy = Set<String>()

    init(config: FleetConfig) {
        self.config = config
    }

    /// `SHARE/<mac>/unattend.xml` for every NIC of a Windows host that is about to install.
    func artifacts(for host: Fleet.Host, profile: Profile) throws -> [Artifact] {
        guard profile.os.isWindows, host.mode == .install else { return [] }
        guard profile.os == .windows else {
            if warnedLegacy.insert(profile.name).inserted {
                warnings.append("profile \(profile.name): Sysprep.inf answer files (os windows-legacy) are not built yet; its hosts get no answer file")
            }
            return []
        }
        let content = try render(host, profile: profile)
        return host.macs.map { Artifact(root: .share, path: "\($0.dashed)/unattend.xml", content: content, owner: host.primaryMAC) }
    }

    func render(_ host: Fleet.Host, profile: Profile) throws -> [UInt8] {
        let settings = config.windowsSettings(for: host)
        let field = config.windowsOverrides[host.primaryMAC] == nil ? "profiles.\(profile.name)" : "host \(host.name) / profiles.\(profile.name)"
        var resolved = AnswerSecrets()
        if let key = settings.productKey { resolved.productKey = try secrets.value(of: key, field: "\(field).product_key") }
        if let password = settings.adminPassword { resolved.adminPassword = try secrets.value(of: password, field: "\(field).admin_password") }
        if let password = settings.domain?.password { resolved.joinPassword = try secrets.value(of: password, field: "\(field).domain.password") }
        do {
            return try UnattendDocument.render(base: try base(for: profile), host: host, profile: profile, settings: settings, secrets: resolved)
        } catch {
            throw FleetError(ValidationIssue(field: "profiles.\(profile.name).answer_file", value: nil, rule: "\(error)"))
        }
    }

    private func base(for profile: Profile) throws -> XMLDocument {
        var path = try profile.answerFile ?? Self.shipped(profile.arch == .arm64 ? "windows-10-arm64.xml" : "windows-10.xml")
        if let known = bases[path] { return known }
        // `answer_file: windows-2008r2.xml` names a shipped base when the fleet's folder has no such file.
        if !FileManager.default.fileExists(atPath: path), let name = path.split(separator: "/").last,
           let shipped = try? Self.shipped(String(name)) {
            path = shipped
        }
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
