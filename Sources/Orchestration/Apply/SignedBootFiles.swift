import Fleet
import Foundation
import Render

/// With Secure Boot on, the firmware starts only a signed shim, and shim only a signed GRUB and kernel:
/// apply refuses a loader or a Secure Boot profile's kernel without an Authenticode signature, rather
/// than let every machine stop at `bad shim signature`. Whether the signer is one the firmware or
/// shim trusts is theirs to find out.
enum SignedBootFiles {
    /// Refuses the first Secure Boot profile used by `hosts` about to install whose kernel is unsigned;
    /// a kernel not in the TFTP root yet is left to the missing-file warning.
    static func check(hosts: [Fleet.Host], config: FleetConfig) throws(FleetError) {
        let installing = Set(hosts.filter { $0.mode == .install || $0.mode == .capture }.map { $0.profile })
        var issues: [ValidationIssue] = []
        for name in installing.sorted() {
            guard let profile = config.profiles[name], profile.secureBoot, case .kernel(let kernel) = profile.boot,
                  let signed = isSigned(config.site.tftpRoot + "/" + kernel.kernel.value), !signed else { continue }
            issues.append(ValidationIssue(field: "profiles.\(name).kernel", value: kernel.kernel.value, rule: """
                has no Authenticode signature, so shim refuses it on machines with Secure Boot on (the default for \
                firmware: uefi): use the distribution's signed kernel, or set secure_boot: false if these machines have Secure Boot off
                """))
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
