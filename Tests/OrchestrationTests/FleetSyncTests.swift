import Fleet
import Inventory
import Orchestration
import Testing

struct FleetSyncTests {
    static let profiles = ["p": Profile(name: "p", os: .kickstart, boot: .local)]

    static func host(_ name: String, _ mac: String, mode: HostMode = .install) -> Host {
        Host(name: name, macs: [try! MACAddress(mac)], profile: "p", mode: mode)
    }

    static func stored(_ host: Host, id: Int64, origin: HostOrigin = .file, declared: HostMode?, state: HostState) -> StoredHost {
        StoredHost(id: id, host: host, origin: origin, declaredMode: declared, state: state)
    }

    @Test func newHostsAreAddedAndArmed() throws {
        let result = try FleetSync.reconcile(file: [Self.host("a", "08:00:27:00:00:01")], stored: [], profiles: Self.profiles)
        #expect(result.changes.map(\.kind) == [.add])
        #expect(result.changes[0].state == .armed)
    }

    /// The host flipped to local boot after installing; the file still says install. A re-run must not re-arm it.
    @Test func unchangedFileModeDoesNotReArm() throws {
        var installed = Self.host("a", "08:00:27:00:00:01")
        installed.mode = .localboot
        let record = Self.stored(installed, id: 1, declared: .install, state: .installed)
        let result = try FleetSync.reconcile(file: [Self.host("a", "08:00:27:00:00:01")], stored: [record], profiles: Self.profiles)
        #expect(result.changes.isEmpty)
        #expect(result.hosts[0].mode == .localboot)
    }

    @Test func changedFileModeTakesEffect() throws {
        let record = Self.stored(Self.host("a", "08:00:27:00:00:01"), id: 1, declared: .install, state: .armed)
        let result = try FleetSync.reconcile(file: [Self.host("a", "08:00:27:00:00:01", mode: .localboot)], stored: [record], profiles: Self.profiles)
        #expect(result.changes.count == 1 && result.changes[0].host?.mode == .localboot && result.changes[0].state == .idle)
    }

    @Test func fileHostsLeaveCommandLineHostsAlone() throws {
        let cli = Self.stored(Self.host("b", "08:00:27:00:00:02"), id: 2, origin: .cli, declared: nil, state: .armed)
        let gone = Self.stored(Self.host("c", "08:00:27:00:00:03"), id: 3, declared: .install, state: .armed)
        let result = try FleetSync.reconcile(file: [Self.host("a", "08:00:27:00:00:01")], stored: [cli, gone], profiles: Self.profiles)
        #expect(result.changes.map(\.kind) == [.add, .remove])
        #expect(result.changes[1].name == "c")
        #expect(Set(result.hosts.map(\.name)) == ["a", "b"])
    }

    @Test func refusesAFileHostThatClashesWithACommandLineHost() {
        let cli = Self.stored(Self.host("a", "08:00:27:00:00:02"), id: 2, origin: .cli, declared: nil, state: .armed)
        #expect(throws: FleetError.self) {
            try FleetSync.reconcile(file: [Self.host("a", "08:00:27:00:00:01")], stored: [cli], profiles: Self.profiles)
        }
    }

    @Test func renamesKeepTheRecord() throws {
        let record = Self.stored(Self.host("a", "08:00:27:00:00:01"), id: 1, declared: .install, state: .ready)
        let result = try FleetSync.reconcile(file: [Self.host("renamed", "08:00:27:00:00:01")], stored: [record], profiles: Self.profiles)
        #expect(result.changes.map(\.kind) == [.update] && result.changes[0].stored?.id == 1 && result.changes[0].state == .ready)
    }
}
