import Fleet
import Foundation
@testable import Orchestration
import Publish
import Render
import Synchronization
import Testing

/// A large run renders on two threads: the files and warnings must be those one thread gives, in the
/// same order, and a failure must be the first in host order.
struct HostRenderersTests {
    static func fleet(hosts count: Int, failing: [Int] = [], image: Bool = false) throws -> FleetConfig {
        var lines = ["site: {server: 10.0.0.1, tftp_root: tftp, http_root: http, share: {target: share}}",
                     "profiles:",
                     "  w10: {os: windows, winpe: {iso: winpe.iso}, timezone: UTC\(image ? ", image: {wim: images/w10.wim, index: 1}" : "")}",
                     "  el9: {os: kickstart, kernel: el9/vmlinuz, initrd: el9/initrd.img}",
                     "hosts:"]
        for index in 0..<count {
            let mac = String(format: "52:54:00:00:%02x:%02x", index >> 8, index & 255)
            let extra = failing.contains(index) ? ", root_password_env: ZT_TEST_UNSET_\(index)" : ""
            lines.append(index % 2 == 1
                ? "  - {mac: '\(mac)', name: WIN\(index), profile: w10, ip: 10.\(index >> 8).\(index & 255).10/8}"
                : "  - {mac: '\(mac)', name: el\(index), profile: el9\(extra)}")
        }
        return try FleetDocument.parse(lines.joined(separator: "\n"), file: "test.yaml", directory: "/srv/zt")
    }

    static func renderers(_ config: FleetConfig, key: SiteKey) -> HostRenderers {
        HostRenderers(config: config, key: key, secrets: SecretResolver(environment: [:])) { throw OrchestrationError("the share is not opened in this test") }
    }

    @Test func twoThreadsRenderWhatOneThreadRenders() throws {
        let config = try Self.fleet(hosts: HostRenderers.parallelFrom + 101)
        let key = SiteKey.random()
        let serial = Self.renderers(config, key: key)
        let expected = try config.hosts.flatMap { try serial.artifacts(of: $0) }
        let parallel = try Self.renderers(config, key: key).artifacts(of: config.hosts.map { ($0, nil) })
        let windows = config.hosts.filter { $0.profile == "w10" }.count
        #expect(parallel.artifacts.count == expected.count && parallel.artifacts.count == 2 * config.hosts.count + windows,
                "a boot entry and a kickstart per Linux host, and an answer file and ready.js per Windows host")
        #expect(parallel.artifacts == expected)
        #expect(parallel.warnings == serial.shareFolders.warnings && parallel.warnings.count == 1, "\(parallel.warnings)")
    }

    @Test func theFirstFailureInHostOrderIsTheOneReported() throws {
        let count = HostRenderers.parallelFrom + 100
        let config = try Self.fleet(hosts: count, failing: [count - 10, 40])
        #expect {
            _ = try Self.renderers(config, key: .random()).artifacts(of: config.hosts.map { ($0, nil) })
        } throws: { error in
            "\(error)".contains("host el40.root_password") && "\(error)".contains("ZT_TEST_UNSET_40")
        }
    }

    @Test func imagesAreCheckedOnTheCallingThreadBeforeTheOthersStart() throws {
        let config = try Self.fleet(hosts: HostRenderers.parallelFrom + 11, image: true)
        let share = FileManager.default.temporaryDirectory.appendingPathComponent("zt-share-\(UUID().uuidString)").path
        let opened = Mutex(0)
        let renderers = HostRenderers(config: config, key: .random(), secrets: SecretResolver(environment: [:])) {
            opened.withLock { $0 += 1 }
            return LocalDirectory(root: share)
        }
        let rendered = try renderers.artifacts(of: config.hosts.map { ($0, nil) })
        #expect(opened.withLock { $0 } == 1, "the share is opened once, by the image check")
        #expect(rendered.warnings.filter { $0.contains("images/w10.wim is not on the share") }.count == 1, "\(rendered.warnings)")
        #expect(rendered.artifacts.filter { $0.path.hasSuffix("/autorun.bat") }.count == config.hosts.count / 2)
    }
}
