import Foundation
import TestSupport
import Testing

/// Real firmware and real pxelinux under QEMU (software emulation, user-mode network with
/// `restrict=on`, inside a network namespace of its own) booting from what `zerotouch apply` wrote.
/// The serial console shows which entry a machine got. The boots of every loader (pxelinux, syslinux.efi,
/// shim and GRUB, iPXE, memdisk) are in the lab on the real daemons (`LabBootTests`); `boot` here is
/// the helper the multiboot test (IPXEBootTests) still uses.
struct PXEBootTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    /// What WinPE reads once its ISO has booted (the boot itself, pxelinux, memdisk and the ISO that
    /// 'winpe build' makes, is LabBootTests'): the host's folder by MAC, over SMB with the deploy
    /// account, from a real smbd; a wrong password is refused.
    @Test func aWindowsHostsFolderIsReadOverSMBWithTheDeployAccount() throws {
        try write("""
            site: {server: 10.0.2.2, tftp_root: tftp, http_root: http, share: {target: share}}
            profiles:
              w10: {os: windows, winpe: {boot: memdisk, iso: winpe.iso}}
            hosts:
              - {mac: "52:54:00:12:34:60", name: W10-01, profile: w10}

            """)
        let applied = try run("apply")
        try #require(applied.status == 0, "\(applied.stderr)")
        let samba = try PrivateSamba(folder: folder, sharePath: folder.appendingPathComponent("share"))
        defer { samba.stop() }
        let listing = try samba.client("cd 52-54-00-12-34-60; ls")
        #expect(listing.contains("unattend.xml"), "\(listing)")
        let fetched = folder.appendingPathComponent("fetched.xml")
        try samba.client("get 52-54-00-12-34-60/unattend.xml \(fetched.path)")
        #expect(try Data(contentsOf: fetched) == Data(contentsOf: folder.appendingPathComponent("share/52-54-00-12-34-60/unattend.xml")))
        #expect(throws: (any Error).self, "a wrong password is refused") {
            try PrivateSamba.run("/usr/bin/smbclient", ["//127.0.0.1/deploy", "-p", samba.port, "-U", "reader%wrong", "--configfile=\(samba.config.path)", "-c", "ls"])
        }
    }
}

extension CommandLineSuite {
    /// Boots a VM from `tftp/` and waits until the serial console shows every marker, in order.
    /// Returns the console; the VM is stopped by PID either way.
    /// - Parameters:
    ///   - netdev: QEMU's user-mode network options after `restrict=on`; default: TFTP from `tftp/` with pxelinux.
    ///   - uefi: boot OVMF instead of the BIOS.
    ///   - secureBoot: OVMF with Secure Boot enforced and Microsoft's keys enrolled (implies `uefi`); the
    ///     NIC's iPXE ROM is left out, so EDK2's own PXE runs.
    ///   - isolated: run QEMU in a network namespace of its own; off when a guestfwd must reach this
    ///     machine's loopback (the guest still has only QEMU's restricted network).
    func boot(mac: String, until markers: [String], netdev: String? = nil, device: String = "e1000", uefi: Bool = false, secureBoot: Bool = false,
              isolated: Bool = true, run: Int = 1, extra: [String] = [], serverLog: URL? = nil) throws -> String {
        let name = "\(mac.suffix(2))-\(run)"
        let log = folder.appendingPathComponent("vm-\(name).log")
        let capture = folder.appendingPathComponent("vm-\(name).pcap")
        let started = Date()
        var firmware: [String] = []
        var device = device
        if secureBoot {
            let variables = folder.appendingPathComponent("OVMF_VARS-\(name).fd")
            try? FileManager.default.removeItem(at: variables)
            try FileManager.default.copyItem(atPath: "/usr/share/OVMF/OVMF_VARS_4M.ms.fd", toPath: variables.path)
            firmware = ["-machine", "q35,smm=on", "-global", "driver=cfi.pflash01,property=secure,value=on",
                        "-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd",
                        "-drive", "if=pflash,format=raw,file=\(variables.path)"]
            device = "virtio-net-pci,romfile="
        } else if uefi {
            let variables = folder.appendingPathComponent("OVMF_VARS-\(name).fd")
            try? FileManager.default.removeItem(at: variables)
            try FileManager.default.copyItem(atPath: "/usr/share/OVMF/OVMF_VARS_4M.fd", toPath: variables.path)
            firmware = ["-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
                        "-drive", "if=pflash,format=raw,file=\(variables.path)"]
        }
        let network = netdev ?? "tftp=\(folder.appendingPathComponent("tftp").path),bootfile=pxelinux.0"
        let qemu = try LiveDaemon(["/usr/bin/timeout", "-k", "5", "120", "qemu-system-x86_64", "-accel", "tcg", "-m", secureBoot ? "512" : "256", "-nographic",
                                   "-serial", "file:\(log.path)", "-monitor", "none", "-no-reboot"] + firmware + [
                                   "-netdev", "user,id=n0,restrict=on,\(network)",
                                   "-object", "filter-dump,id=f0,netdev=n0,file=\(capture.path)",
                                   "-device", "\(device),netdev=n0,mac=\(mac),bootindex=1", "-boot", "n"] + extra,
                                  log: folder.appendingPathComponent("qemu-\(name).out"), isolated: isolated)
        defer { qemu.stop() }
        let console = { () -> String in
            let raw = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            return raw.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
        }
        let inOrder = { () -> Bool in
            var rest = Substring(console())
            for marker in markers {
                guard let found = rest.range(of: marker) else { return false }
                rest = rest[found.upperBound...]
            }
            return true
        }
        let seen = qemu.wait(seconds: 100, until: inOrder)
        #expect(seen, "(qemu-system-x86 and ipxe-qemu come with Scripts/setup test) the serial console of \(mac) never showed \(markers); serial log kept at \(log.path), packets at \(capture.path)\(serverLog.map { ", server log at \($0.path)" } ?? ""):\n\(console().suffix(600))")
        print("boot \(name)\(secureBoot ? " secure boot" : uefi ? " uefi" : ""): \(markers.last!) after \(Int(Date().timeIntervalSince(started) * 1000)) ms")
        return console()
    }
}
