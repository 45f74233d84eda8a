import Crypto
import Fleet
import OperatingSystem
import Foundation

/// The digest of everything a host's files depend on besides its own record: the site, the profiles
/// and per-host settings of the fleet file, the templates and base answer files, the secrets' values,
/// the site key and the zerotouch binary. When it matches what the last apply recorded, a host whose
/// record has not changed since its files were written needs no rendering (`RenderState`).
///
/// Secrets enter only as HMACs under the site key, so the digest stored in the inventory says nothing
/// about them. A value that cannot be read enters as missing: rendering then refuses as it always did.
enum RenderInputs {
    static let version = "zerotouch render inputs 1"

    /// `nil` when the running binary cannot be identified: every host is rendered then.
    static func digest(of config: FleetConfig, key: SiteKey, secrets: SecretResolver) -> String? {
        guard let binary = RunningBinary.identity else { return nil }
        var hasher = SHA256()
        func add(_ text: String) {
            hasher.update(data: Data("\(text.utf8.count):".utf8))
            hasher.update(data: Data(text.utf8))
        }
        func add(bytes: [UInt8]) {
            hasher.update(data: Data("\(bytes.count):".utf8))
            hasher.update(data: bytes)
        }
        add(version)
        add(binary)
        add(bytes: key.derive("render inputs"))
        guard let settings = try? settingsJSON(of: config) else { return nil }
        add(bytes: Array(settings))
        for path in files(of: config) {
            add(path)
            if let data = FileManager.default.contents(atPath: path) { add(bytes: Array(data)) } else { add("(missing)") }
        }
        for reference in references(in: config).sorted(by: { $0.description < $1.description }) {
            add(reference.description)
            if let value = try? secrets.value(of: reference, field: "") { add(bytes: key.derive("secret:" + value)) } else { add("(unset)") }
        }
        return hasher.finalize().hex
    }

    /// The digest of what the DHCP files are rendered from: the other inputs, and every host's name,
    /// profile, NICs and addresses in order (not its mode: reservations do not depend on it).
    static func dhcp(_ hosts: [Fleet.Host], inputs: String?) -> String? {
        guard let inputs else { return nil }
        var unmoded = hosts
        for index in unmoded.indices { unmoded[index].mode = .install }
        guard let lines = HostTable.lines(of: unmoded) else { return nil }
        return SHA256.hash(data: Data((inputs + "\n" + lines).utf8)).hex
    }

    /// Everything of the file but its hosts, in one spelling: keys sorted, per-host settings by MAC.
    static func settingsJSON(of config: FleetConfig) throws -> Data {
        struct Settings: Encodable {
            let site: Site
            let profiles: [String: Profile]
            let windowsOverrides: [String]
            let windowsSettings: [WindowsSettings]
            let nicNetworks: [String]
            let nicNetworkValues: [HostNetwork]
            let installOverrides: [String]
            let installSettings: [InstallSettings]
        }
        let windows = config.windowsOverrides.sorted { $0.key.rawValue < $1.key.rawValue }
        let nics = config.nicNetworks.sorted { $0.key.rawValue < $1.key.rawValue }
        let installs = config.installOverrides.sorted { $0.key.rawValue < $1.key.rawValue }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(Settings(site: config.site, profiles: config.profiles,
                                           windowsOverrides: windows.map(\.key.description), windowsSettings: windows.map(\.value),
                                           nicNetworks: nics.map(\.key.description), nicNetworkValues: nics.map(\.value),
                                           installOverrides: installs.map(\.key.description), installSettings: installs.map(\.value)))
    }

    /// The files renderers may read: every shipped base and template, and those the profiles name.
    /// Where no shipped folder is found, renderers look in the working folder, so that is named too.
    static func files(of config: FleetConfig) -> [String] {
        var paths: [String] = []
        if let shipped = ShippedFile.path("Answerfiles") {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: shipped)) ?? []
            paths += names.sorted().map { "\(shipped)/\($0)" }
        } else {
            paths.append(FileManager.default.currentDirectoryPath + "/Answerfiles/")
        }
        for profile in config.profiles.values.sorted(by: { $0.name < $1.name }) {
            paths += [profile.answerFile, profile.install.kickstartTemplate].compactMap { $0 }
        }
        for settings in config.installOverrides.values {
            if let template = settings.kickstartTemplate { paths.append(template) }
        }
        return paths
    }

    static func references(in config: FleetConfig) -> Set<SecretReference> {
        var found = Set<SecretReference>()
        for profile in config.profiles.values {
            found.formUnion(profile.windows.secrets.map(\.reference))
            if let password = profile.install.rootPassword { found.insert(password) }
        }
        for settings in config.windowsOverrides.values { found.formUnion(settings.secrets.map(\.reference)) }
        for settings in config.installOverrides.values {
            if let password = settings.rootPassword { found.insert(password) }
        }
        return found
    }
}
