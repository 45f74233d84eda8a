import Fleet
import Foundation
import Inventory
import Testing

struct InventoryTests {
    /// Through the protocol a second store implements: these tests are what it must pass.
    let database: any InventoryStore

    init() throws {
        let folder = NSTemporaryDirectory() + "zt-inventory-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        database = try InventoryDatabase(path: folder + "/inventory.sqlite")
    }

    static func host(_ name: String, _ macs: String..., network: HostNetwork? = nil) -> Fleet.Host {
        Fleet.Host(name: name, macs: macs.map { try! MACAddress($0) }, profile: "p", network: network)
    }

    @Test func storesAndReadsHostsWithEveryField() throws {
        let network = HostNetwork(interface: try IPv4Interface("10.0.0.5/24"), gateway: try IPv4Address("10.0.0.1"),
                                  dns: [try IPv4Address("10.0.0.2"), try IPv4Address("10.0.0.3")])
        let host = Self.host("web01", "08:00:27:00:00:01", "08:00:27:00:00:02", network: network)
        try database.write("test") { try $0.insert(host, origin: .file, declaredMode: .install, state: .armed, event: "new") }
        let stored = try #require(try database.host(mac: try MACAddress("08:00:27:00:00:02")))
        #expect(stored.host == host && stored.origin == .file && stored.declaredMode == .install && stored.state == .armed)
        let events = try database.events(mac: host.primaryMAC)
        #expect(events.map(\.kind) == [.registered] && events.map(\.mac) == [host.primaryMAC])
        #expect(abs(try #require(events.first).at.timeIntervalSinceNow) < 60, "timestamps are times, in UTC")
    }

    @Test func schemaRefusesAMACOnTwoHosts() throws {
        try database.write("test") { try $0.insert(Self.host("a", "08:00:27:00:00:01"), origin: .cli, declaredMode: nil, state: .idle, event: "") }
        #expect(throws: InventoryError.self) {
            try database.write("test") { try $0.insert(Self.host("b", "08:00:27:00:00:01"), origin: .cli, declaredMode: nil, state: .idle, event: "") }
        }
        #expect(try database.hosts().map(\.host.name) == ["a"])
    }

    @Test func aFailedTransactionLeavesNothing() throws {
        #expect(throws: InventoryError.self) {
            try database.write("test") { transaction in
                try transaction.insert(Self.host("a", "08:00:27:00:00:01"), origin: .cli, declaredMode: nil, state: .idle, event: "")
                try transaction.insert(Self.host("A", "08:00:27:00:00:02"), origin: .cli, declaredMode: nil, state: .idle, event: "")
            }
        }
        #expect(try database.hosts().isEmpty)
    }

    @Test func removalKeepsTheEventTrail() throws {
        let host = Self.host("a", "08:00:27:00:00:01")
        let id = try database.write("test") { try $0.insert(host, origin: .cli, declaredMode: nil, state: .idle, event: "") }
        try database.write("test") { try $0.delete(id: id, mac: host.primaryMAC, event: "bye") }
        #expect(try database.hosts().isEmpty)
        #expect(try database.events(mac: host.primaryMAC).map(\.kind) == [.registered, .removed])
    }

    static let m1 = try! MACAddress("08:00:27:00:00:01"), m2 = try! MACAddress("08:00:27:00:00:02")

    @Test func manifestRowsFilterByOwner() throws {
        try database.write("test") { transaction in
            try transaction.recordPublished(root: "tftp", path: "a", file: PublishedFile(root: "tftp", path: "a", digest: "1", size: 1, owner: .host(Self.m1)))
            try transaction.recordPublished(root: "tftp", path: "b", file: PublishedFile(root: "tftp", path: "b", digest: "2", size: 1, owner: .host(Self.m2)))
            try transaction.recordPublished(root: "tftp", path: "b", file: nil)
        }
        #expect(try database.publishedFiles(root: "tftp").map(\.path) == ["a"])
        #expect(try database.publishedFiles(root: "tftp", owners: [.host(Self.m2)]).isEmpty)
    }

    @Test func theSiteOwnFilesAreFoundByTheSiteOwner() throws {
        try database.write("test") { transaction in
            try transaction.recordPublished(root: "tftp", path: "a", file: PublishedFile(root: "tftp", path: "a", digest: "1", size: 1, owner: .host(Self.m1)))
            try transaction.recordPublished(root: "tftp", path: "d", file: PublishedFile(root: "tftp", path: "d", digest: "2", size: 1, owner: .site))
        }
        #expect(Set(try database.publishedFiles(root: "tftp", owners: [.host(Self.m1), .site]).map(\.path)) == ["a", "d"])
        #expect(try database.publishedFiles(root: "tftp", owners: [.site]).map(\.path) == ["d"])
        #expect(try database.publishedFileCount(root: "tftp") == 2)
    }

    @Test func anyChangeToARecordTakesItsFilesOutOfDate() throws {
        let host = Self.host("a", "08:00:27:00:00:01")
        let (first, second) = try database.write("test") { transaction in
            (try transaction.insert(host, origin: .file, declaredMode: .install, state: .armed, event: ""),
             try transaction.insert(Self.host("b", "08:00:27:00:00:02"), origin: .cli, declaredMode: nil, state: .armed, event: ""))
        }
        #expect(try database.renderState() == RenderState(inputs: nil, dhcpInputs: nil, current: []), "new records have no files yet")
        try database.write("test") { try $0.markFilesCurrent([first, second], inputs: "i1", dhcpInputs: "d1") }
        #expect(try database.renderState() == RenderState(inputs: "i1", dhcpInputs: "d1", current: [first, second]))

        var moded = host
        moded.mode = .localboot
        try database.write("test") { try $0.update(id: first, moded, origin: .file, declaredMode: .install, state: .idle, kind: .mode, event: "") }
        try database.write("test") {
            try $0.setLifecycle(id: second, mac: try MACAddress("08:00:27:00:00:02"), HostLifecycle(mode: .localboot, state: .installing, armedMode: .install),
                                kind: .lifecycle, detail: "")
        }
        #expect(try database.renderState().current.isEmpty, "an update and a lifecycle step both")
        try database.write("test") { try $0.markFilesCurrent([second], inputs: "i2", dhcpInputs: nil) }
        #expect(try database.renderState() == RenderState(inputs: "i2", dhcpInputs: "d1", current: [second]), "DHCP inputs stay until the DHCP files are written again")
    }
}

struct InventoryCreationTests {
    /// A second command that reads while the first apply creates the inventory (plan, a racing apply)
    /// sees either no inventory or a whole one, never a half-made file ("no such table").
    @Test func aReaderNeverSeesTheInventoryHalfMade() throws {
        let folder = NSTemporaryDirectory() + "zt-inventory-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var failures: [String] = []
        for round in 0..<60 {
            let path = folder + "/inventory-\(round).sqlite"
            let reader = Thread.detachedResult { () -> String? in
                while !FileManager.default.fileExists(atPath: path) {}
                do { _ = try InventoryDatabase(path: path, readOnly: true); return nil } catch { return "\(error)" }
            }
            _ = try InventoryDatabase(path: path)
            if let failure = reader.wait() { failures.append(failure) }
        }
        #expect(failures.isEmpty, "\(failures.count) of 60 reads failed, first: \(failures.first ?? "")")
    }
}

extension Thread {
    /// Runs `body` on a thread of its own; `wait()` returns what it returned.
    static func detachedResult<T: Sendable>(_ body: @escaping @Sendable () -> T) -> DetachedResult<T> {
        let result = DetachedResult<T>()
        Thread.detachNewThread { result.finish(body()) }
        return result
    }
}

final class DetachedResult<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var value: T?
    func finish(_ value: T) { self.value = value; done.signal() }
    func wait() -> T { done.wait(); return value! }
}
