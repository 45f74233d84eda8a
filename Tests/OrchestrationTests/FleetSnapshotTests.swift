import Fleet
import Foundation
@testable import Orchestration
import Testing

/// A snapshot must give back exactly what the file gave, and nothing for any other bytes, path or file.
struct FleetSnapshotTests {
    static let text = """
        site:
          server: 192.168.1.166
          tftp_root: out/tftpboot
          http_root: out/http
          share: {target: 'smb://files.example.com:1445/media/zt', unc: '\\\\files\\media', user: deploy, password_env: ZT_SHARE_PASSWORD}
          dhcp: {server: kea, output: out/dhcp/kea.json, subnet: 192.168.1.0/24, range: 192.168.1.200-192.168.1.250, routers: [192.168.1.1]}
        profiles:
          w10: {os: windows, winpe: {boot: wimboot, dir: winpe/w10}, image: {wim: images/w10.wim, index: 2}, admin_password_file: secrets/admin,
                domain: {join: corp.example.com, user: joiner, password_env: ZT_JOIN}, first_logon: ["cmd /c echo 'a \\" b' & dir"]}
          xp: {os: windows-legacy, winpe: {iso: winpe.iso}, product_key_env: ZT_XP_KEY}
          el9: {os: kickstart, kernel: el9/vmlinuz, initrd: el9/initrd.img, kernel_args: "quiet console=ttyS0", root_password_env: ZT_ROOT}
          esx: {os: esxi, kernel: esx/mboot.c32, modules: [esx/b.b00, esx/k.b00]}
          ovm: {os: xen, hypervisor: ovm/xen.gz, kernel: ovm/vmlinuz, initrd: ovm/initrd.img}
        hosts:
          - {mac: "08:00:27:b2:40:3e", extra_macs: ["08:00:27:b2:40:3f"], name: WEB01, profile: w10, ip: 192.168.1.10/24, gateway: 192.168.1.1,
             dns: [192.168.1.2, 192.168.1.3], nic_addresses: {'08:00:27:b2:40:3f': {ip: 192.168.1.11/24}}, timezone: UTC}
          - {mac: "08-00-27-4D-4D-AA", name: centos01, profile: el9, mode: localboot, root_password_env: ZT_HOST_ROOT, post: ["echo hi"]}
          - {mac: "0a:00:27:00:00:01", name: LEGACY, profile: xp, mode: capture, ip: 192.168.1.20/24}
          - {mac: "0a:00:27:00:00:02", name: esx01, profile: esx}
          - {mac: "00:19:b9:41:2c:b9", name: dell-745, profile: ovm, ip: 192.168.1.30/32, mode: disabled}
        """

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zt-snapshot-\(UUID().uuidString)").path
    var environment: [String: String] { ["ZEROTOUCH_CACHE_DIR": folder + "/cache"] }

    func parsed(_ text: String = Self.text) throws -> FleetConfig {
        try FleetDocument.parse(text, file: "zerotouch.yaml", directory: folder)
    }

    @Test func whatIsSavedIsWhatComesBack() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = try parsed()
        #expect(config.hosts.count == 5 && !config.windowsOverrides.isEmpty && !config.installOverrides.isEmpty && !config.nicNetworks.isEmpty)
        let snapshot = FleetSnapshot(fleet: folder + "/zerotouch.yaml", content: Data(Self.text.utf8), folder: FleetSnapshot.folder(environment: environment))
        #expect(snapshot.load() == nil, "nothing saved yet")
        snapshot.save(config, spans: nil, content: Data(Self.text.utf8))
        #expect(snapshot.load() == config)
        let attributes = try FileManager.default.attributesOfItem(atPath: snapshot.location!)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func hostLinesCarryEveryFieldOfAHost() throws {
        let host = try #require(try parsed().hosts.first)
        let fields = Mirror(reflecting: host).children.compactMap(\.label)
        #expect(fields == ["name", "macs", "profile", "network", "mode"], "Host changed: teach HostTable's lines the new field")
        let network = Mirror(reflecting: try #require(host.network)).children.compactMap(\.label)
        #expect(network == ["interface", "gateway", "dns"], "HostNetwork changed: teach HostTable's lines the new field")
    }

    @Test func otherBytesAnotherPathOrADamagedSnapshotGiveNothing() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = try parsed()
        let path = folder + "/zerotouch.yaml"
        FleetSnapshot(fleet: path, content: Data(Self.text.utf8), folder: FleetSnapshot.folder(environment: environment)).save(config, spans: nil, content: Data(Self.text.utf8))
        #expect(FleetSnapshot(fleet: path, content: Data((Self.text + "\n").utf8), folder: FleetSnapshot.folder(environment: environment)).load() == nil, "one byte more")
        #expect(FleetSnapshot(fleet: folder + "/other.yaml", content: Data(Self.text.utf8), folder: FleetSnapshot.folder(environment: environment)).load() == nil)
        let snapshot = FleetSnapshot(fleet: path, content: Data(Self.text.utf8), folder: FleetSnapshot.folder(environment: environment))
        let location = try #require(snapshot.location)
        let saved = try Data(contentsOf: URL(fileURLWithPath: location))
        // The same length, so that only the host's mode is wrong, not the payload's layout.
        let damaged = saved.replacing(Data("\tlocalboot\t".utf8), with: Data("\tlocalbooT\t".utf8))
        #expect(damaged != saved, "the damage must hit a host's mode")
        try damaged.write(to: URL(fileURLWithPath: location))
        #expect(snapshot.load() == nil, "an unknown mode")
        try saved.write(to: URL(fileURLWithPath: location))
        chmod(location, 0o666)
        #expect(snapshot.load() == nil, "a snapshot others may write is not trusted")
        chmod(location, 0o600)
        #expect(snapshot.load() == config)
    }

    @Test func aSnapshotLeftHalfWrittenByAKilledRunIsRemoved() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = try #require(FleetSnapshot.folder(environment: environment))
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        let stale = cache + "/.0123abcd.fleet.zt-tmp4242", fresh = cache + "/.4567cdef.fleet.zt-tmp4343"
        for path in [stale, fresh] { #expect(FileManager.default.createFile(atPath: path, contents: Data("{".utf8))) }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: stale)
        FleetSnapshot(fleet: folder + "/zerotouch.yaml", content: Data(Self.text.utf8), folder: cache).save(try parsed(), spans: nil, content: Data(Self.text.utf8))
        #expect(!FileManager.default.fileExists(atPath: stale), "an hour-old temporary snapshot is a killed run's")
        #expect(FileManager.default.fileExists(atPath: fresh), "one just begun may be another command's, still writing")
    }

    @Test func theCacheFolderFollowsTheEnvironment() {
        #expect(FleetSnapshot.folder(environment: ["ZEROTOUCH_CACHE_DIR": "/srv/cache", "HOME": "/root"]) == "/srv/cache")
        #expect(FleetSnapshot.folder(environment: ["ZEROTOUCH_CACHE_DIR": "", "HOME": "/root"]) == nil, "empty turns snapshots off")
        #expect(FleetSnapshot.folder(environment: ["XDG_CACHE_HOME": "/var/cache/me", "HOME": "/root"]) == "/var/cache/me/zerotouch")
        #expect(FleetSnapshot.folder(environment: ["HOME": "/home/ops"]) == "/home/ops/.cache/zerotouch")
        #expect(FleetSnapshot.folder(environment: [:]) == nil)
    }

    @Test func aFolderKeepsTheNewestSnapshots() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = try parsed()
        for index in 0..<(FleetSnapshot.kept + 3) {
            FleetSnapshot(fleet: folder + "/fleet\(index).yaml", content: Data(Self.text.utf8), folder: FleetSnapshot.folder(environment: environment)).save(config, spans: nil, content: Data(Self.text.utf8))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/cache")
        #expect(names.count == FleetSnapshot.kept && names.allSatisfy { $0.hasSuffix(".fleet") }, "\(names)")
        let newest = FleetSnapshot(fleet: folder + "/fleet\(FleetSnapshot.kept + 2).yaml", content: Data(Self.text.utf8), folder: FleetSnapshot.folder(environment: environment))
        #expect(newest.load() == config)
    }
}
