import Fleet
import Foundation
import Render

/// Each kickstart or ESXi host's `HTTP_ROOT/ks/<mac>.ks`, one per NIC, from its profile's template:
/// the NIC's own address, a SHA-512 crypt root password, the post actions, and the callback with
/// the host's token. Templates are read and checked once per run.
final class KickstartFiles {
    let config: FleetConfig
    let key: SiteKey
    private let secrets: SecretResolver
    private var templates: [String: KickstartTemplate] = [:]

    init(config: FleetConfig, key: SiteKey, secrets: SecretResolver) {
        self.config = config
        self.key = key
        self.secrets = secrets
    }

    func artifacts(for host: Fleet.Host, profile: Profile) throws -> [Artifact] {
        guard profile.os == .kickstart || profile.os == .esxi, host.mode == .install else { return [] }
        return try host.macs.map { mac in
            Artifact(root: .http, path: "ks/\(mac.dashed).ks", text: try render(host, nic: mac, profile: profile), owner: .host(host.primaryMAC))
        }
    }

    func render(_ host: Fleet.Host, nic: MACAddress, profile: Profile) throws -> String {
        let settings = config.installSettings(for: host)
        let template = try self.template(for: profile)
        var hash: String?
        if let reference = settings.rootPassword {
            let field = config.installOverrides[host.primaryMAC]?.rootPassword == nil ? "profiles.\(profile.name)" : "host \(host.name)"
            hash = SHA512Crypt.hash(try secrets.value(of: reference, field: "\(field).root_password"), salt: key.salt(for: host.primaryMAC.description))
        }
        let network = nic == host.primaryMAC ? host.network : config.nicNetworks[nic]
        let model = KickstartModel(host: host, nic: nic, network: network, profile: profile, site: config.site, rootPasswordHash: hash,
                                   token: key.token(for: host.primaryMAC.description), post: settings.post ?? [])
        return template.render(model)
    }

    /// The profile's template, found, read and checked once per run.
    private func template(for profile: Profile) throws -> KickstartTemplate {
        if let known = templates[profile.name] { return known }
        let template = try loadTemplate(for: profile)
        templates[profile.name] = template
        return template
    }

    private func loadTemplate(for profile: Profile) throws -> KickstartTemplate {
        let shipped: String
        switch profile.boot {
        case .kernel(let kernel) where kernel.release == .el5 || kernel.release == .el6: shipped = "el5-el6.ks"
        case .kernel: shipped = "el7-el9.ks"
        default: shipped = "esxi.ks"
        }
        var path = profile.install.kickstartTemplate ?? ShippedFile.path("Answerfiles/\(shipped)") ?? "Answerfiles/\(shipped)"
        if !FileManager.default.fileExists(atPath: path), let bare = path.split(separator: "/").last, let found = ShippedFile.path("Answerfiles/\(bare)") {
            path = found
        }
        let text = try ReferencedFile.text(path, field: "profiles.\(profile.name).kickstart")
        do {
            return try KickstartTemplate(text: text, name: path)
        } catch {
            throw FleetError(ValidationIssue(field: "profiles.\(profile.name).kickstart", value: nil, rule: "is not a usable template: \(error)"))
        }
    }
}
