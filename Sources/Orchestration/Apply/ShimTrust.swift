import Foundation
import Render

/// Whether shim would start a boot file: `sbverify --cert` (Debian's sbsigntool) checks its
/// Authenticode signature against the certificate that shim carries, as shim itself does for GRUB
/// and the kernel. Keys a machine's owner enrolled in shim's MOK list are not known here.
struct ShimTrust {
    enum Verdict: Equatable {
        case trusted
        /// Signed, but not by shim's key; with who did sign it.
        case untrusted(signer: String)
        /// Why it could not be checked.
        case unchecked(String)
    }

    /// The certificate as PEM, in a file of its own for sbverify's `--cert`.
    let certificate: URL

    /// `nil` when `shim` carries no certificate of its own (it then trusts only the firmware's keys).
    init?(shim: [UInt8]) {
        guard let der = PEImage.shimVendorCertificate(shim) else { return nil }
        let lines = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        certificate = FileManager.default.temporaryDirectory.appendingPathComponent("zerotouch-shim-\(UUID().uuidString).pem")
        do {
            try Data("-----BEGIN CERTIFICATE-----\n\(lines)\n-----END CERTIFICATE-----\n".utf8).write(to: certificate, options: .atomic)
        } catch {
            return nil
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: certificate)
    }

    func verdict(of path: String) -> Verdict {
        guard let checked = try? CommandRunner.run(["sbverify", "--cert", certificate.path, path]) else {
            return .unchecked("sbverify (Debian's sbsigntool) is not installed")
        }
        if checked.status == 0 { return .trusted }
        let listed = (try? CommandRunner.run(["sbverify", "--list", path]))?.output ?? ""
        let subject = listed.split(separator: "\n").first { $0.contains("subject:") }.map {
            String($0.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces))
        }
        return .untrusted(signer: subject ?? "an unknown key")
    }

    /// `verdict(of:)` for bytes not yet on disk.
    func verdict(of content: [UInt8], named name: String) -> Verdict {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zerotouch-\(UUID().uuidString)-\(name)")
        defer { try? FileManager.default.removeItem(at: file) }
        guard (try? Data(content).write(to: file)) != nil else { return .unchecked("cannot write a temporary copy of \(name)") }
        return verdict(of: file.path)
    }
}
