import Fleet
import Foundation
import Render

/// With Secure Boot on, shim starts only a kernel with an Authenticode signature: apply refuses a
/// profile whose kernel in the TFTP root has none, rather than let every one of its machines stop at
/// `bad shim signature`. Whether the signer is one shim trusts is the firmware's to find out.
enum SignedKernels {
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

    /// Whether the file is a signed PE image; `nil` when it cannot be read. A file that is not a PE
    /// image at all (a kernel without an EFI stub) is not signed.
    static func isSigned(_ path: String) -> Bool? {
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        guard let header = try? file.read(upToCount: 4096) else { return nil }
        guard let table = PEImage.certificateTable(header: Array(header)), table.size >= 8 else { return false }
        // The first WIN_CERTIFICATE: its type, after a length and a revision, is 2 for PKCS#7 signed data.
        guard (try? file.seek(toOffset: UInt64(table.offset))) != nil, let entry = try? file.read(upToCount: 8), entry.count == 8 else { return false }
        return entry[6] == 2 && entry[7] == 0
    }
}
