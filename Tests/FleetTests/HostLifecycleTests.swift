import Fleet
import Testing

struct HostLifecycleTests {
    static let armed = HostLifecycle.armed()

    func run(_ events: [LifecycleEvent], from start: HostLifecycle = armed, retries: Int = 0) throws -> HostLifecycle {
        try events.reduce(start) { try $0.applying($1, retries: retries) }
    }

    @Test func aWholeInstallEndsReadyOnLocalBootWithoutItsFiles() throws {
        let installing = try run([.booting, .started])
        #expect(installing.state == .installing)
        #expect(installing.mode == .localboot, "the host must not reinstall when setup reboots")
        #expect(installing.filesMode == .install, "WinPE and the installer still read the host's files")
        let installed = try installing.applying(.applied, retries: 0).applying(.done, retries: 0)
        #expect(installed.state == .installed)
        #expect(installed.filesMode == .install)
        let ready = try installed.applying(.ready, retries: 0)
        #expect(ready.state == .ready)
        #expect(ready.mode == .localboot)
        #expect(ready.filesMode == .localboot, "secrets go once the host is ready")
    }

    @Test func eventsMaySkipStepsButNeverGoBack() throws {
        #expect(try run([.done]).state == .installed, "a kickstart that only reports done still flips the host")
        #expect(try run([.done]).mode == .localboot)
        #expect(throws: LifecycleRefusal.self) { try run([.started, .booting]) }
        #expect(throws: LifecycleRefusal.self) { try run([.done, .started]) }
    }

    @Test func aReplayIsRefusedAsSuch() throws {
        let refusal = try #require(throws: LifecycleRefusal.self) { try run([.started, .started]) }
        #expect(refusal.isReplay)
        let late = try #require(throws: LifecycleRefusal.self) { try run([.started, .applied, .started]) }
        #expect(!late.isReplay)
    }

    @Test(arguments: [HostState.idle, .ready, .failed])
    func hostsNotArmedTakeNoEvent(_ state: HostState) {
        let lifecycle = HostLifecycle(mode: .localboot, state: state)
        for event in LifecycleEvent.allCases {
            #expect(throws: LifecycleRefusal.self) { try lifecycle.applying(event, retries: 3) }
        }
    }

    @Test func aFailureReArmsUntilTheRetriesAreSpent() throws {
        let first = try run([.started, .failed], retries: 1)
        #expect(first.state == .armed)
        #expect(first.mode == .install)
        #expect(first.failures == 1)
        #expect(first.lastEvent == nil, "the next run's events are not replays")
        let second = try run([.started, .failed], from: first, retries: 1)
        #expect(second.state == .failed)
        #expect(second.mode == .localboot)
        #expect(second.filesMode == .localboot)
    }

    @Test func aCaptureReArmsAsACapture() throws {
        let failed = try run([.started, .failed], from: .armed(.capture), retries: 2)
        #expect(failed.mode == .capture)
        #expect(failed.state == .armed)
    }
}
