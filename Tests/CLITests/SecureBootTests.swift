import Foundation
import TestSupport
import Testing

/// What apply refuses for machines with Secure Boot on: a kernel or loader without a signature, or
/// signed by a key shim does not carry. The boots themselves (shim → GRUB → this NIC's entry →
/// Debian's signed kernel under OVMF with Secure Boot enforced) run in the lab, on the real daemons
/// (LabBootTests).
struct SecureBootTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    /// Debian's signed shim and GRUB (and sbsigntool), unpacked once per run into `.build/uefi`.
    static let unpacked = Swift.Result<URL, any Error> {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let cache = root.appendingPathComponent(".build/uefi")
        let result = try ProcessRunner.run(root.appendingPathComponent("Scripts/uefi-loaders").path, [cache.path])
        guard result.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "Scripts/uefi-loaders failed: \(result.stderr)"])
        }
        return cache
    }

    /// A site whose UEFI profile boots the guest kernel (signed by Debian) over TFTP.
    func writeFleet(extraProfiles: String = "", extraHosts: String = "") throws {
        let loaders = try Self.unpacked.get()
        let guest = try IPXEBootTests.guestImage()
        let files = folder.appendingPathComponent("tftp/os/guest")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        for name in ["vmlinuz", "initrd.gz"] where !FileManager.default.fileExists(atPath: files.appendingPathComponent(name).path) {
            try FileManager.default.copyItem(at: guest.appendingPathComponent(name), to: files.appendingPathComponent(name))
        }
        try write("""
            site: {server: 10.0.2.2, tftp_root: tftp, http_root: http, loaders: '\(loaders.path)'}
            profiles:
              guest: {os: kickstart, firmware: uefi, kernel: os/guest/vmlinuz, initrd: os/guest/initrd.gz, kernel_args: "console=ttyS0 zt.probe=a$HOME;c#d"}
            \(extraProfiles)
            hosts:
              - {mac: "52:54:00:12:38:01", name: sb01, profile: guest}
              - {mac: "52:54:00:12:38:02", name: sb02, profile: guest, mode: localboot}
            \(extraHosts)
            """)
    }

    /// What is not signed is refused by apply, for a profile whose machines have Secure Boot on, and
    /// accepted for one that says Secure Boot is off; shim itself stopping it, and the same kernel
    /// booting with Secure Boot off, are booted in the lab (LabBootTests).
    @Test func anUnsignedKernelIsRefusedByApplyForASecureBootProfile() throws {
        let unsigned = folder.appendingPathComponent("tftp/os/plain")
        try FileManager.default.createDirectory(at: unsigned, withIntermediateDirectories: true)
        let plain = "  plain: {os: kickstart, firmware: uefi, secure_boot: false, kernel: os/plain/vmlinuz, initrd: os/guest/initrd.gz, kernel_args: console=ttyS0}"
        let sb03 = "  - {mac: \"52:54:00:12:38:03\", name: sb03, profile: plain}"
        try writeFleet(extraProfiles: plain + "\n  strict: {os: kickstart, firmware: uefi, kernel: os/plain/vmlinuz, initrd: os/guest/initrd.gz}",
                       extraHosts: sb03 + "\n  - {mac: \"52:54:00:12:38:04\", name: sb04, profile: strict}")
        let sbattach = try Self.unpacked.get().appendingPathComponent("bin/sbattach").path
        try FileManager.default.copyItem(at: folder.appendingPathComponent("tftp/os/guest/vmlinuz"), to: unsigned.appendingPathComponent("vmlinuz"))
        let stripped = try ProcessRunner.run(sbattach, ["--remove", unsigned.appendingPathComponent("vmlinuz").path])
        try #require(stripped.status == 0, "sbattach: \(stripped.stderr)")
        let refused = try run("apply")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("zerotouch.yaml:5:51: profiles.strict.kernel: 'os/plain/vmlinuz' has no Authenticode signature"), "\(refused.stderr)")
        #expect(!exists("tftp/shimx64.efi") && !exists(".zerotouch"), "a refused apply writes nothing")

        try writeFleet(extraProfiles: plain, extraHosts: sb03)
        let applied = try run("apply")
        #expect(applied.status == 0 && exists("tftp/grub/hosts/52:54:00:12:38:03.cfg"), "\(applied.stderr)")
    }

    /// A file re-signed (signature removed, then `sbsign`) with a throwaway key of the test's own.
    func resign(_ file: URL, key: URL) throws {
        let loaders = try Self.unpacked.get()
        let stripped = try ProcessRunner.run(loaders.appendingPathComponent("bin/sbattach").path, ["--remove", file.path])
        try #require(stripped.status == 0, "sbattach: \(stripped.stderr)")
        let signed = try ProcessRunner.run("/usr/bin/sbsign", ["--key", key.appendingPathExtension("key").path, "--cert", key.appendingPathExtension("pem").path,
                                                              "--output", file.path, file.path])
        try #require(signed.status == 0, "sbsign: \(signed.stderr)")
    }

    func throwawayKey() throws -> URL {
        let key = scratch.url.appendingPathComponent("other")
        let made = try ProcessRunner.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=Not Debian",
                                                              "-keyout", key.appendingPathExtension("key").path, "-out", key.appendingPathExtension("pem").path])
        try #require(made.status == 0, "openssl: \(made.stderr)")
        return key
    }

    /// Signed is not enough: shim starts only what a key it carries signed (Debian's, in Debian's
    /// shim). A kernel, or a GRUB in the site's loader folder, signed with another key is refused
    /// before anything is written, naming who did sign it, and explain fails that link; Debian's own pass.
    @Test func aKernelOrGRUBSignedWithAKeyShimDoesNotCarryIsRefused() throws {
        let key = try throwawayKey()
        let other = folder.appendingPathComponent("tftp/os/other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try writeFleet(extraProfiles: "  other: {os: kickstart, firmware: uefi, kernel: os/other/vmlinuz, initrd: os/guest/initrd.gz}",
                       extraHosts: "  - {mac: \"52:54:00:12:38:05\", name: sb05, profile: other}")
        try FileManager.default.copyItem(at: folder.appendingPathComponent("tftp/os/guest/vmlinuz"), to: other.appendingPathComponent("vmlinuz"))
        try #require(try run("apply").status == 0, "Debian's kernel passes")
        // The admin drops in a kernel of their own build.
        try resign(other.appendingPathComponent("vmlinuz"), key: key)
        let explained = try run("explain", "52:54:00:12:38:05", "--firmware", "uefi")
        #expect(explained.stdout.contains("os/other/vmlinuz is signed by '/CN=Not Debian', not by the key shimx64.efi trusts"), "\(explained.stdout)")
        let refused = try run("apply")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("zerotouch.yaml:4:50: profiles.other.kernel: 'os/other/vmlinuz' is signed by '/CN=Not Debian', not by the key shimx64.efi trusts"),
                "\(refused.stderr)")

        try FileManager.default.removeItem(at: folder.appendingPathComponent("tftp"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent(".zerotouch"))
        let own = try siteLoaderFolder { try resign($0, key: key) }
        let grub = try run("apply")
        #expect(grub.status == 2)
        #expect(grub.stderr.contains("site.loaders: '\(own.path)/grubx64.efi' is signed by '/CN=Not Debian', not by the key shimx64.efi trusts"), "\(grub.stderr)")
        #expect(!exists("tftp/shimx64.efi") && !exists(".zerotouch"), "a refused apply writes nothing")
    }

    /// A site whose `site.loaders` is a folder of its own holding Debian's shim and a GRUB that `change` altered.
    func siteLoaderFolder(changingGRUB change: (URL) throws -> Void) throws -> URL {
        let loaders = try Self.unpacked.get()
        let own = scratch.url.appendingPathComponent("loaders")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        for name in ["shimx64.efi", "grubx64.efi"] {
            try FileManager.default.copyItem(at: loaders.appendingPathComponent(name), to: own.appendingPathComponent(name))
        }
        try change(own.appendingPathComponent("grubx64.efi"))
        try writeFleet()
        try write(try #require(file("zerotouch.yaml")).replacingOccurrences(of: loaders.path, with: own.path))
        return own
    }

    /// A loader folder of the site's own whose GRUB lost its signature is refused before anything is written.
    @Test func anUnsignedLoaderFromTheSitesFolderIsRefused() throws {
        let own = try siteLoaderFolder { grub in
            let stripped = try ProcessRunner.run(try Self.unpacked.get().appendingPathComponent("bin/sbattach").path, ["--remove", grub.path])
            try #require(stripped.status == 0, "sbattach: \(stripped.stderr)")
        }
        let refused = try run("apply")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("site.loaders: '\(own.path)/grubx64.efi' is not signed"), "\(refused.stderr)")
        #expect(!exists("tftp/shimx64.efi") && !exists(".zerotouch"), "a refused apply writes nothing")
    }
}
