import Foundation
import Testing

/// The boot tests' stand-in installer (Scripts/guest-image): a busybox initrd that fetches its
/// kickstart and posts `started` and `done` with the token it finds there. Issue 9's iPXE scenarios
/// now run in the lab on the real daemons (`LabBootTests`); the multiboot one stays here, on QEMU's
/// restricted user-mode network.
struct IPXEBootTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    /// Kernel and initrd, built once per kernel version into `.build/guest` (ignored by git), once per
    /// test run however many tests ask (a static let runs once, even under parallel tests).
    static let builtGuest = Swift.Result<URL, any Error> { try buildGuestImage() }

    static func guestImage() throws -> URL { try builtGuest.get() }

    static func buildGuestImage() throws -> URL {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let cache = root.appendingPathComponent(".build/guest")
        let process = Process()
        process.executableURL = root.appendingPathComponent("Scripts/guest-image")
        process.arguments = [cache.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "Scripts/guest-image failed"]) }
        return cache
    }

    /// Scenario 5: a Xen entry through `mboot.c32` loads the hypervisor, the dom0 kernel and its initrd
    /// over TFTP in the order the profile gives, and Xen starts with its own arguments. (Debian's cloud
    /// kernel does not survive as a PV dom0 under software emulation, so the check ends at Xen.)
    @Test func multibootEntryLoadsTheHypervisorAndItsModulesInOrder() throws {
        let guest = try Self.guestImage()
        for (name, target) in [("xen.gz", "tftp/xen/xen.gz"), ("vmlinuz", "tftp/guest/vmlinuz"), ("initrd.gz", "tftp/guest/initrd.gz")] {
            let url = folder.appendingPathComponent(target)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: guest.appendingPathComponent(name), to: url)
        }
        try write("""
            site: {server: 10.0.2.2, tftp_root: tftp, http_root: http}
            profiles:
              xen: {os: xen, hypervisor: xen/xen.gz, hypervisor_args: "console=com1 com1=115200,8n1 dom0_mem=192M",
                    kernel: guest/vmlinuz, kernel_args: console=hvc0, initrd: guest/initrd.gz}
            hosts:
              - {mac: "52:54:00:12:36:01", name: xen01, profile: xen}

            """)
        try #require(try run("apply").status == 0)
        _ = try boot(mac: "52:54:00:12:36:01", until: [
            "ZeroTouch: xen01 install xen", "Loading xen/xen.gz... ok", "Loading guest/vmlinuz... ok", "Loading guest/initrd.gz... ok",
            "(XEN) Xen version", "(XEN) Command line: console=com1 com1=115200,8n1 dom0_mem=192M",
        ], extra: ["-cpu", "max", "-m", "512"])
    }
}
