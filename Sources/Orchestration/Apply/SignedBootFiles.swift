import Fleet
import Foundation
import Render

/// With Secure Boot on, the firmware starts only a signed shim, and shim only a signed GRUB and kernel:
/// apply refuses a loader or a Secure Boot profile's kernel without an Authenticode signature, rather
/// than let every machine stop at `bad shim signature`; and one that a key shim does not carry signed
/// (`ShimTrust`). Whether the firmware trusts shim's own signer (Microsoft's third-party UEFI CA)
/// cannot be read from here: that is in the machine's firmware.
enum SignedBootFiles {
    /// Refuses the Secure Boot profiles used by `hosts` about to install whose kernel, or Windows boot
    /// manager, is unsigned; a file not in the TFTP root yet is left to the missing-file warning.
    static func check(hosts: [Fleet.Host], config: FleetConfig) throws(FleetError) {
        let installing = Set(hosts.filter { $0.mode == .install || $0.mode == .capture }.map { $0.profile })
        var issues: [ValidationIssue] = []
        for name in installing.sorted() {
            guard let profile = config.profiles[name], profile.secureBoot else { continue }
            switch profile.boot {
            case .kernel(let kernel) where isSigned(config.site.tftpRoot + "/" + kernel.kernel.value) == false:
                issues.append(ValidationIssue(field: "profiles.\(name).kernel", value: kernel.kernel.value, rule: """
                    has no Authenticode signature, so shim refuses it on machines with Secure Boot on (the default for \
                    firmware: uefi): use the distribution's signed kernel, or set secure_boot: false if these machines have Secure Boot off
                    """))
            case .bootManager(let files) where isSigned(config.site.tftpRoot + "/" + files.bootManager.value) == false:
                issues.append(ValidationIssue(field: "profiles.\(name).winpe.dir", value: files.bootManager.value, rule: """
                    has no Authenticode signature, so firmware with Secure Boot on refuses it: it must be Windows' own boot manager \
                    (the media's EFI/Boot/bootx64.efi, which 'zerotouch winpe build' copies), or set secure_boot: false
                    """))
            default:
                continue
            }
        }
        guard issues.isEmpty else { throw FleetError(issues) }
    }

    /// Refuses an unsigned shim or GRUB (`shimx64.efi`, `grubx64.efi`, their arm64 builds) among the loader files, when a profile in use
    /// has Secure Boot on: one from `site.loaders`, or a system package replaced by an unsigned build.
    static func check(loaders: [Artifact], profiles: [Profile], site: Site) throws(FleetError) {
        guard profiles.contains(where: \.secureBoot) else { return }
        for loader in loaders where ["shimx64.efi", "grubx64.efi", "shimaa64.efi", "grubaa64.efi"].contains(loader.path) {
            guard PEImage.isSigned(loader.content) else {
                let source = site.loaderFolder.map { "\($0)/\(loader.path)" } ?? BootLoaderFiles.systemPath(of: loader.path)
                throw FleetError(ValidationIssue(field: site.loaderFolder == nil ? "site" : "site.loaders", value: source, rule: """
                    is not signed, so firmware with Secure Boot on would not start it: use the signed build (shim-signed, \
                    grub-efi-amd64-signed), or set secure_boot: false on profiles whose machines have Secure Boot off
                    """))
            }
        }
    }

    /// Refuses a signed GRUB, or a kernel a Secure Boot profile installs with, whose signature does not
    /// check out against the certificate the shim beside it carries: shim would stop it with `bad shim
    /// signature`. What cannot be checked (no sbverify, a shim with no certificate) comes back as warnings.
    static func checkSigners(loaders: [Artifact], hosts: [Fleet.Host], config: FleetConfig) throws(FleetError) -> [String] {
        let profiles = Set(hosts.filter { $0.mode == .install || $0.mode == .capture }.map(\.profile)).sorted()
            .compactMap { name in config.profiles[name].map { (name, $0) } }.filter { $0.1.secureBoot && $0.1.firmware == .uefi }
        guard !profiles.isEmpty else { return [] }
        var issues: [ValidationIssue] = []
        var warnings: [String] = []
        for (shimName, grubName, arm64) in [("shimx64.efi", "grubx64.efi", false), ("shimaa64.efi", "grubaa64.efi", true)] {
            let kernels = profiles.filter { ($0.1.arch == .arm64) == arm64 }.compactMap { name, profile -> (String, String)? in
                guard case .kernel(let kernel) = profile.boot, isSigned(config.site.tftpRoot + "/" + kernel.kernel.value) == true else { return nil }
                return (name, kernel.kernel.value)
            }
            guard let shim = loaders.first(where: { $0.path == shimName }) else { continue }
            guard let trust = ShimTrust(shim: shim.content) else {
                warnings.append("cannot check who signed \(grubName) and the Secure Boot kernels: \(shimName) carries no certificate of its own")
                continue
            }
            defer { trust.remove() }
            var checked: [(field: String, value: String, verdict: ShimTrust.Verdict)] = []
            if let grub = loaders.first(where: { $0.path == grubName }), PEImage.isSigned(grub.content) {
                let source = config.site.loaderFolder.map { "\($0)/\(grubName)" } ?? BootLoaderFiles.systemPath(of: grubName)
                checked.append((config.site.loaderFolder == nil ? "site" : "site.loaders", source, trust.verdict(of: grub.content, named: grubName)))
            }
            for (name, kernel) in kernels {
                checked.append(("profiles.\(name).kernel", kernel, trust.verdict(of: config.site.tftpRoot + "/" + kernel)))
            }
            for (field, value, verdict) in checked {
                switch verdict {
                case .trusted: break
                case .untrusted(let signer):
                    issues.append(ValidationIssue(field: field, value: value, rule: """
                        is signed by '\(signer)', not by the key \(shimName) trusts, so shim refuses it with 'bad shim signature' on \
                        machines with Secure Boot on: use the distribution's signed build, or set secure_boot: false if these machines have Secure Boot off
                        """))
                case .unchecked(let why):
                    warnings.append("cannot check who signed \(value): \(why); shim starts only what its distribution's key signed")
                }
            }
        }
        guard issues.isEmpty else { throw FleetError(issues) }
        return Array(Set(warnings)).sorted()
    }

    /// Whether the file is a signed PE image; `nil` when it cannot be opened. A file that is not a PE
    /// image at all (a kernel without an EFI stub) is not signed.
    static func isSigned(_ path: String) -> Bool? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        return PEImage.isSigned { offset, count in
            guard (try? file.seek(toOffset: UInt64(offset))) != nil, let data = try? file.read(upToCount: count) else { return nil }
            return Array(data)
        }
    }
}
