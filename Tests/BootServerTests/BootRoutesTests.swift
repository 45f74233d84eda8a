@testable import BootServer
import Fleet
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import Inventory
import Logging
import Orchestration
import Synchronization
import Testing

/// The routes against a backend kept in memory: no inventory, no fleet file, no socket.
final class MemoryBackend: FleetBackend {
    static let token = "0123456789abcdef0123456789abcdef"
    let hosts: Mutex<[MACAddress: StoredHost]>
    let recorded = Mutex<[(LifecycleEvent, MACAddress)]>([])
    /// Every event is answered as if the inventory were locked.
    let busy: Bool
    /// How long each event takes to record, as a slow disk would.
    let delay: Duration

    init(_ hosts: [StoredHost], busy: Bool = false, delay: Duration = .zero) {
        self.hosts = Mutex(Dictionary(uniqueKeysWithValues: hosts.map { ($0.host.primaryMAC, $0) }))
        self.busy = busy
        self.delay = delay
    }

    func record(_ event: LifecycleEvent, mac: MACAddress, message: String, source: String) async throws -> LifecycleChange {
        if busy { throw Deferred("held by a test") }
        try await Task.sleep(for: delay)
        return try hosts.withLock { hosts in
            guard let before = hosts[mac] else { throw OrchestrationError("no host \(mac)") }
            let next = try before.lifecycle.applying(event, retries: 0)
            var host = before.host
            host.mode = next.mode
            let after = StoredHost(id: before.id, host: host, origin: before.origin, declaredMode: before.declaredMode, lifecycle: next)
            hosts[mac] = after
            recorded.withLock { $0.append((event, mac)) }
            return LifecycleChange(before: before, after: after, files: [])
        }
    }

    func snapshotIfChanged() async throws -> FleetView.Snapshot? { nil }
    func statusMarkers(of macs: [MACAddress]) async throws -> [MACAddress: StatusMarkers.Found] { [:] }
    func note(_ marker: String, mac: MACAddress, message: String, source: String) async throws -> Bool { false }
    func events(of mac: MACAddress) async throws -> [HostEvent] { [] }
    func accepts(token presented: Substring, for mac: MACAddress) -> Bool { presented == Self.token }
}

struct BootRoutesTests {
    static let mac = try! MACAddress("08:00:27:4d:4d:aa")

    static func routes(busy: Bool = false) throws -> (Router<BasicRequestContext>, MemoryBackend) {
        let (routes, backend) = try bootRoutes(busy: busy)
        let router = Router()
        routes.register(on: router)
        return (router, backend)
    }

    static func bootRoutes(busy: Bool = false, delay: Duration = .zero) throws -> (BootRoutes, MemoryBackend) {
        let config = try FleetDocument.parse("""
            site: {server: 10.0.0.1, tftp_root: tftp, http_root: http, share: {target: share}}
            profiles:
              el9: {os: kickstart, kernel: el9/vmlinuz, initrd: el9/initrd.img}
            hosts:
              - {mac: '08:00:27:4d:4d:aa', name: centos01, profile: el9}
            """, file: "test.yaml", directory: "/srv/zt")
        let stored = StoredHost(id: 1, host: config.hosts[0], origin: .file, declaredMode: .install, state: .armed)
        let backend = MemoryBackend([stored], busy: busy, delay: delay)
        var logger = Logger(label: "test.routes")
        logger.logLevel = .critical
        let routes = BootRoutes(view: FleetView(.init(site: config.site, profiles: config.profiles, hosts: [stored])), backend: backend,
                                metrics: ServerMetrics(), logger: logger)
        return (routes, backend)
    }

    @Test func aScriptFetchedJustBeforeTheServerStopsIsStillRecorded() async throws {
        let (routes, backend) = try Self.bootRoutes(delay: .milliseconds(300))
        let (status, body) = routes.bootAnswer(URI("/boot?mac=08:00:27:4d:4d:aa"))
        #expect(status == .ok && String(buffer: body).contains("inst.ks="))
        await routes.pending.drain()
        #expect(backend.recorded.withLock { $0.map(\.0) } == [.booting], "the server waits for the events it started before it stops")
        #expect(routes.view.lookup(Self.mac).host?.state == .booting)
    }

    static func event(_ name: String, token: String) -> (HTTPFields, ByteBuffer) {
        ([.authorization: "Bearer \(token)", .contentType: "application/json"], ByteBuffer(string: #"{"event": "\#(name)"}"#))
    }

    @Test func anInstallRunsThroughTheRoutesAndTheHostThenBootsLocally() async throws {
        let (router, backend) = try Self.routes()
        try await Application(router: router).test(.router) { client in
            let install = try await client.execute(uri: "/boot?mac=08:00:27:4d:4d:aa", method: .get)
            #expect(install.status == .ok && String(buffer: install.body).contains("inst.ks=http://10.0.0.1:8069/ks/08-00-27-4d-4d-aa.ks"))
            let (headers, body) = Self.event("started", token: MemoryBackend.token)
            let started = try await client.execute(uri: "/api/v1/hosts/08:00:27:4d:4d:aa/events", method: .post, headers: headers, body: body)
            #expect(started.status == .ok && String(buffer: started.body).contains(#""state":"installing""#), "\(String(buffer: started.body))")
            let local = try await client.execute(uri: "/boot?mac=08:00:27:4d:4d:aa", method: .get)
            #expect(String(buffer: local.body).contains("boots from its local disk"), "the view follows the recorded change")
        }
        // Fetching the install script is the booting step, recorded beside the request.
        let deadline = ContinuousClock.now + .seconds(5)
        while backend.recorded.withLock({ $0.count }) < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(Set(backend.recorded.withLock { $0.map(\.0) }) == [.booting, .started])
    }

    @Test func aWrongTokenOrABusyBackendRecordsNothing() async throws {
        let (router, backend) = try Self.routes()
        try await Application(router: router).test(.router) { client in
            let (headers, body) = Self.event("started", token: String(repeating: "0", count: 32))
            let refused = try await client.execute(uri: "/api/v1/hosts/08:00:27:4d:4d:aa/events", method: .post, headers: headers, body: body)
            #expect(refused.status == .unauthorized)
            let early = try await client.execute(uri: "/api/v1/hosts/08:00:27:4d:4d:aa/events", method: .post,
                                                 headers: Self.event("ready", token: MemoryBackend.token).0, body: Self.event("ready", token: "").1)
            #expect(early.status == .conflict, "ready before the install started is out of order")
        }
        #expect(backend.recorded.withLock { $0.isEmpty })
        let (busyRouter, busy) = try Self.routes(busy: true)
        try await Application(router: busyRouter).test(.router) { client in
            let (headers, body) = Self.event("started", token: MemoryBackend.token)
            let deferred = try await client.execute(uri: "/api/v1/hosts/08:00:27:4d:4d:aa/events", method: .post, headers: headers, body: body)
            #expect(deferred.status == .serviceUnavailable && deferred.headers[.retryAfter] == "5")
        }
        #expect(busy.recorded.withLock { $0.isEmpty })
    }
}
