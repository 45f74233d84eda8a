import Foundation
import TestSupport
import Testing

/// A fresh folder per test for runs of the built `zerotouch` binary; it goes with the test.
struct CLIWorkspace {
    let scratch: TemporaryFolder
    /// Where the runs happen: the fleet file, its roots and its state.
    let folder: URL

    init() throws {
        scratch = try TemporaryFolder("cli")
        folder = scratch.url.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// The built binary: `ZEROTOUCH_BIN`, or the one beside the test runner in .build/<configuration>/.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["ZEROTOUCH_BIN"] { return URL(fileURLWithPath: path) }
        // The test runner sits beside the products in .build/<configuration>/.
        var url = Bundle.main.bundleURL
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("zerotouch").path) {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("zerotouch")
    }()
}

/// A suite that runs the built `zerotouch` binary in its workspace and checks stdout, stderr, the
/// exit code and the files it left.
protocol CommandLineSuite {
    var workspace: CLIWorkspace { get }
}

extension CommandLineSuite {
    var folder: URL { workspace.folder }
    var scratch: TemporaryFolder { workspace.scratch }
    /// Where this test's runs keep their fleet snapshots: beside its folder, not in it.
    var cache: String { workspace.scratch.path + "/cache" }
    static var binary: URL { CLIWorkspace.binary }

    typealias Result = ProcessResult

    @discardableResult
    func run(_ arguments: String...) throws -> Result {
        try run(arguments)
    }

    /// `environment` is added to this process's environment for the child only.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        // Fleet snapshots go beside the test's folder, not into the user's cache or the folder itself.
        try ProcessRunner.run(Self.binary.path, arguments, environment: ["ZEROTOUCH_CACHE_DIR": cache].merging(environment) { $1 }, directory: folder)
    }

    static var site: String {
        """
        site:
          server: 192.168.1.166
          http_port: 8069
          state: .zerotouch
          tftp_root: out/tftpboot
          http_root: out/http
          share: {target: out/share, unc: '\\\\pxe-server\\windows-media'}
        profiles:
          w2k8r2:   {os: windows, arch: amd64, firmware: bios, winpe: {boot: memdisk, iso: winpe_amd64.iso}, image: {wim: images/w2k8r2.wim, index: 1}}
          centos55: {os: kickstart, release: el5, kernel: os/centos-5.5-i386/vmlinuz, initrd: os/centos-5.5-i386/initrd.img}
          ovm22:    {os: xen, hypervisor: ovm/2.2/xen-64bit-3.4.0.gz, hypervisor_args: noreboot, kernel: ovm/2.2/vmlinuz, kernel_args: "ro root=LABEL=/", initrd: ovm/2.2/initrd.img}
        hosts:

        """
    }
    static var hosts: String {
        """
          - {mac: "08:00:27:b2:40:3e", name: W2K8-WEB01, profile: w2k8r2, ip: 192.168.1.188/24, gateway: 192.168.1.166, dns: [192.168.1.166]}
          - {mac: "08-00-27-4D-4D-AA", name: centos01, profile: centos55}
          - {mac: "00:19:b9:41:2c:b9", name: dell-745, profile: ovm22, mode: localboot}

        """
    }

    func write(_ text: String, to name: String = "zerotouch.yaml") throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func file(_ path: String) -> String? {
        try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path)
    }

    /// Every file under the test folder with its modification time, to prove what a run did not touch.
    /// The inventory database is included; SQLite's `-shm` and `-wal` companions (and so the mtime of
    /// the folder that holds them) are not: any reader of a WAL database maps the `-shm` index.
    func snapshot() throws -> [String: Date] {
        var result: [String: Date] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])!
        for case let url as URL in enumerator where !url.path.hasSuffix("-shm") && !url.path.hasSuffix("-wal") && !url.path.hasSuffix("/.zerotouch") {
            result[url.path] = try url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate
        }
        return result
    }
}
