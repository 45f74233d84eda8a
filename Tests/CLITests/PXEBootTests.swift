import Foundation
import Testing

/// Real firmware and real pxelinux under QEMU (software emulation, user-mode network with
/// `restrict=on`, inside a network namespace of its own) booting from what `zerotouch apply` wrote.
/// The serial console shows which entry a machine got.
extension CLITests {
    static let bootFleet = """
        site: {server: 10.0.2.2, tftp_root: tftp, http_root: http}
        profiles:
          el9: {os: kickstart, kernel: os/el9/vmlinuz, initrd: os/el9/initrd.img}
        hosts:
          - {mac: "52:54:00:12:34:56", name: host01, profile: el9}
          - {mac: "52:54:00:12:34:57", name: host02, profile: el9, mode: localboot}

        """

    @Test(arguments: [
        ("52:54:00:12:34:56", "ZeroTouch: host01 install el9"),
        ("52:54:00:12:34:57", "ZeroTouch: host02 boots from its local disk"),
        ("52:54:00:12:34:99", "ZeroTouch: no entry for this machine; booting from the local disk"),
    ])
    func biosPXELinuxBootsEachMachinesOwnEntry(_ mac: String, _ marker: String) throws {
        try write(Self.bootFleet)
        let applied = try run("apply")
        try #require(applied.status == 0, "\(applied.stderr)")
        let log = folder.appendingPathComponent("vm-\(mac.suffix(2)).log")
        let started = Date()
        let qemu = try LiveDaemon(["timeout", "-k", "5", "120", "qemu-system-x86_64", "-accel", "tcg", "-m", "256", "-nographic",
                                   "-serial", "file:\(log.path)", "-monitor", "none", "-no-reboot",
                                   "-netdev", "user,id=n0,restrict=on,tftp=\(folder.appendingPathComponent("tftp").path),bootfile=pxelinux.0",
                                   "-device", "e1000,netdev=n0,mac=\(mac),bootindex=1", "-boot", "n"],
                                  log: folder.appendingPathComponent("qemu-\(mac.suffix(2)).out"))
        defer { qemu.stop() }
        let console = { () -> String in
            let raw = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            return raw.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
        }
        let seen = qemu.wait(seconds: 100) { console().contains(marker) }
        #expect(seen, "(qemu-system-x86 and ipxe-qemu come with Scripts/setup test) the serial console of \(mac) never showed '\(marker)'; serial log kept at \(log.path):\n\(console().suffix(600))")
        #expect(console().contains("PXELINUX 6."), "real pxelinux from Debian, loaded over TFTP")
        print("boot \(mac): '\(marker)' after \(Int(Date().timeIntervalSince(started) * 1000)) ms")
    }
}
