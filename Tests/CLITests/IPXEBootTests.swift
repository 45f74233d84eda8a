import Foundation
import Testing

/// Issue 9, scenarios 3 and 4: QEMU's own iPXE, BIOS and UEFI (OVMF), boots over HTTP from
/// `zerotouch serve`: chain script, the NIC's own script, kernel and initrd. The initrd is a busybox
/// stand-in for an installer (Scripts/guest-image) that fetches its kickstart and posts `started` and
/// `done` with the token it finds there. The guest has only QEMU's restricted user-mode network; its
/// one way out is a guestfwd to the server on this machine's loopback.
struct IPXEBootTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    static let guestFleet = """
        site: {server: 10.0.2.100, http_port: 80, tftp_root: tftp, http_root: http}
        profiles:
          guest: {os: kickstart, kernel: os/guest/vmlinuz, initrd: os/guest/initrd.gz, kernel_args: console=ttyS0}
          forger: {os: kickstart, kernel: os/guest/vmlinuz, initrd: os/guest/initrd.gz, kernel_args: console=ttyS0 zt_wrong_token}
        hosts:
          - {mac: "52:54:00:12:35:01", name: vm01, profile: guest}
          - {mac: "52:54:00:12:35:02", name: vm02, profile: forger}

        """

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

    @Test(arguments: [false, true])
    func iPXEInstallsOverHTTPFlipsToLocalBootAndRefusesAForgedToken(uefi: Bool) throws {
        let guest = try Self.guestImage()
        let files = folder.appendingPathComponent("http/os/guest")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        for name in ["vmlinuz", "initrd.gz"] {
            try FileManager.default.copyItem(at: guest.appendingPathComponent(name), to: files.appendingPathComponent(name))
        }
        try write(Self.guestFleet)
        try #require(try run("apply").status == 0)
        let port = Int.random(in: 20000...40000)
        let log = folder.appendingPathComponent("serve.log")
        let server = try LiveDaemon([Self.binary.path, "serve", "-c", folder.appendingPathComponent("zerotouch.yaml").path,
                                     "--listen", "127.0.0.1:\(port)"], log: log, isolated: false)
        defer { server.stop() }
        try #require(server.wait { (try? String(contentsOf: log, encoding: .utf8))?.contains("listening") == true }, "serve did not start; log: \(log.path)")
        let netdev = "bootfile=http://10.0.2.100/boot.ipxe,guestfwd=tcp:10.0.2.100:80-cmd:\(guest.appendingPathComponent("busybox").path) nc 127.0.0.1 \(port)"
        func boot(_ mac: String, until markers: [String], run: Int = 1) throws -> String {
            try self.boot(mac: mac, until: markers, netdev: netdev, device: "virtio-net-pci", uefi: uefi, isolated: false, run: run, serverLog: log)
        }

        let first = try boot("52:54:00:12:35:01", until: ["ZeroTouch: vm01 install guest", "ZT-KS-FETCHED", "ZT-POSTED-started", "ZT-POSTED-done", "ZT-GUEST-END"])
        #expect(first.contains("/files/os/guest/initrd.gz"), "kernel and initrd came over HTTP")
        let status = try run("status", "52:54:00:12:35:01").stdout
        #expect(status.contains("installed") && status.contains("localboot"), "\(status)")
        #expect(file("tftp/pxelinux.cfg/01-52-54-00-12-35-01")?.contains("LOCALBOOT 0") == true, "the pxelinux entry follows")
        // The same machine boots again: the server now sends it to its disk.
        _ = try boot("52:54:00:12:35:01", until: ["ZeroTouch: vm01 boots from its local disk"], run: 2)

        _ = try boot("52:54:00:12:35:02", until: ["ZeroTouch: vm02 install forger", "ZT-KS-FETCHED", "ZT-REFUSED-started", "ZT-REFUSED-done"])
        let forged = try run("status", "52:54:00:12:35:02").stdout
        #expect(forged.contains("booting") && forged.contains(" install "), "a wrong token changes nothing: \(forged)")
        let serverLog = try String(contentsOf: log, encoding: .utf8)
        #expect(serverLog.contains("callback refused: missing or wrong token"), "and is logged (server log: \(log.path))")
        #expect(!serverLog.contains(try run("host", "token", "52:54:00:12:35:01").stdout.trimmingCharacters(in: .whitespacesAndNewlines)),
                "tokens never reach the log")
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
