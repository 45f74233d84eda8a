import Foundation
import TestSupport
import Testing

/// `zerotouch explain`: each link of a NIC's chain, from what apply would write and what the roots hold,
/// with what to do where one does not hold; reading only.
struct ExplainCommandTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    func writeFleetWithBootFiles() throws {
        try write(Self.site.replacingOccurrences(of: "share: {target: out/share,", with: """
            dhcp: {server: isc, output: out/dhcp/zerotouch.conf, subnet: 192.168.1.0/24, range: 192.168.1.200-192.168.1.250, routers: [192.168.1.166]}
              share: {target: out/share,
            """) + Self.hosts)
        let kernel = folder.appendingPathComponent("out/tftpboot/os/centos-5.5-i386")
        try FileManager.default.createDirectory(at: kernel, withIntermediateDirectories: true)
        for name in ["vmlinuz", "initrd.img"] { try Data("stand-in \(name)\n".utf8).write(to: kernel.appendingPathComponent(name)) }
    }

    func links(_ result: ProcessResult) throws -> [[String: String]] {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)\(result.stderr)")
        return try #require(root["links"] as? [[String: String]])
    }

    @Test func anAppliedHostsChainHoldsAndExplainWritesNothing() throws {
        try writeFleetWithBootFiles()
        let before = try run("explain", "08:00:27:4d:4d:aa")
        #expect(before.status == 1 && before.stdout.contains("WARN  host       centos01 is declared in") && before.stdout.contains("run 'zerotouch apply'")
                && before.stdout.contains("FAIL  loader") && before.stdout.contains("pxelinux.0 is missing"), "\(before.stdout)")
        #expect(!exists(".zerotouch") && !exists("out/tftpboot/pxelinux.cfg"), "explain creates nothing")
        try #require(try run("apply").status == 0)
        let result = try run("explain", "08-00-27-4D-4D-AA", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let links = try links(result)
        #expect(links.allSatisfy { $0["status"] == "ok" }, "\(links)")
        #expect(links.map { $0["step"]! } == ["host", "dhcp", "dhcp", "loader", "entry", "file", "file", "kickstart", "next boot"])
        #expect(links[2]["detail"]?.contains("BIOS PXE (option 93 = 0) clients are sent pxelinux.0 from next-server 192.168.1.166") == true)
        #expect(links[4]["detail"]?.hasSuffix("out/tftpboot/pxelinux.cfg/01-08-00-27-4d-4d-aa") == true)
    }

    @Test func aMissingFileAHandEditedEntryAndAnUnreadableInitrdAreNamedWithWhatToDo() throws {
        try writeFleetWithBootFiles()
        try #require(try run("apply").status == 0)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("out/tftpboot/os/centos-5.5-i386/vmlinuz"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder.appendingPathComponent("out/tftpboot/os/centos-5.5-i386/initrd.img").path)
        try "DEFAULT edited\n".write(to: folder.appendingPathComponent("out/tftpboot/pxelinux.cfg/01-08-00-27-4d-4d-aa"), atomically: true, encoding: .utf8)
        let result = try run("explain", "08:00:27:4d:4d:aa")
        #expect(result.status == 1, "a failing link fails the command")
        #expect(result.stdout.contains("FAIL  file") && result.stdout.contains("os/centos-5.5-i386/vmlinuz is missing")
                && result.stdout.contains("-> copy it into the TFTP root"), "\(result.stdout)")
        #expect(result.stdout.contains("WARN  file") && result.stdout.contains("-> chmod o+r"), "\(result.stdout)")
        #expect(result.stdout.contains("WARN  entry") && result.stdout.contains("differs from what apply writes now"), "\(result.stdout)")
    }

    @Test func anUnknownMachineGetsTheDefaultAndEachFirmwareItsOwnLoader() throws {
        try writeFleetWithBootFiles()
        try #require(try run("apply").status == 0)
        let unknown = try run("explain", "52:54:00:aa:bb:cc")
        #expect(unknown.status == 0 && unknown.stdout.contains("no host has the NIC 52:54:00:aa:bb:cc")
                && unknown.stdout.contains("pxelinux.cfg/default") && unknown.stdout.contains("boots its local disk"), "\(unknown.stdout)")
        let uefi = try run("explain", "08:00:27:4d:4d:aa", "--firmware", "uefi")
        #expect(uefi.stdout.contains("x64 UEFI PXE (option 93 = 7) clients are sent shimx64.efi"), "\(uefi.stdout)")
        let http = try run("explain", "08:00:27:4d:4d:aa", "--firmware", "uefi-http")
        #expect(http.status == 1 && http.stdout.contains("UEFI HTTP Boot clients (option 93 = 16) are sent no boot file: site.dhcp.http_boot is off")
                && http.stdout.contains("-> set site.dhcp.http_boot: true"), "\(http.stdout)")
        #expect(try run("explain", "not-a-mac").status == 64, "a bad MAC is a usage error")
    }

    @Test func withHTTPBootOnHTTPClientsAreSentIPXEFromTheBootServer() throws {
        try writeFleetWithBootFiles()
        let file = folder.appendingPathComponent("zerotouch.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "routers: [192.168.1.166]}", with: "routers: [192.168.1.166], http_boot: true}")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try #require(try run("apply").status == 0)
        let http = try run("explain", "08:00:27:4d:4d:aa", "--firmware", "uefi-http")
        #expect(http.stdout.contains("UEFI HTTP Boot clients (option 93 = 16) are sent http://192.168.1.166:8069/tftp/ipxe.efi with vendor class HTTPClient"), "\(http.stdout)")
        #expect(http.stdout.contains("ipxe.efi") && http.stdout.contains("'zerotouch serve' answers http://192.168.1.166:8069/boot?mac=08:00:27:4d:4d:aa"), "\(http.stdout)")
        #expect(exists("out/tftpboot/ipxe.efi"), "apply put iPXE's UEFI loader in the TFTP root")
    }

    @Test func aWindowsHostsChainGoesOnToItsShareFolderAndImage() throws {
        try writeFleetWithBootFiles()
        try #require(try run("apply").status == 0)
        let result = try run("explain", "08:00:27:b2:40:3e", "--json")
        #expect(result.status == 1, "the ISO and the image are not there")
        let links = try links(result)
        let failed = links.filter { $0["status"] == "fail" }.map { $0["detail"]! }
        #expect(failed.contains { $0.hasSuffix("out/tftpboot/winpe_amd64.iso is missing") } && failed.contains { $0.contains("images/w2k8r2.wim is not on the share") }, "\(failed)")
        #expect(links.contains { $0["step"] == "share" && $0["status"] == "ok" && $0["detail"]!.hasSuffix("08-00-27-b2-40-3e/unattend.xml") })
        #expect(links.first { $0["detail"]!.contains("w2k8r2.wim") }?["fix"] == "zerotouch image publish FILE.wim")
        #expect(links.contains { $0["step"] == "dhcp" && $0["detail"]!.contains("reserved 192.168.1.188 in") })
    }
}
