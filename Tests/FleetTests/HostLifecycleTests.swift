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

    /// Every state × every event: where it lands, or `nil` for a refusal. Written out here, not
    /// derived from the code, so a changed rule shows up as a changed line.
    static let matrix: [(HostState, LifecycleEvent, HostState?)] = [
        (.idle, .booting, nil), (.idle, .started, nil), (.idle, .applied, nil),
        (.idle, .done, nil), (.idle, .ready, nil), (.idle, .failed, nil),
        // The boot server may not see the boot (pxelinux straight to the installer), and a
        // kickstart's %pre callback is best-effort: `started` and `done` may come first.
        (.armed, .booting, .booting), (.armed, .started, .installing), (.armed, .applied, nil),
        (.armed, .done, .installed), (.armed, .ready, nil), (.armed, .failed, .failed),
        (.booting, .booting, nil), (.booting, .started, .installing), (.booting, .applied, nil),
        (.booting, .done, .installed), (.booting, .ready, nil), (.booting, .failed, .failed),
        (.installing, .booting, nil), (.installing, .started, nil), (.installing, .applied, .installed),
        (.installing, .done, .installed), (.installing, .ready, nil), (.installing, .failed, .failed),
        (.installed, .booting, nil), (.installed, .started, nil), (.installed, .applied, nil),
        (.installed, .done, nil), (.installed, .ready, .ready), (.installed, .failed, .failed),
        (.ready, .booting, nil), (.ready, .started, nil), (.ready, .applied, nil),
        (.ready, .done, nil), (.ready, .ready, nil), (.ready, .failed, nil),
        (.failed, .booting, nil), (.failed, .started, nil), (.failed, .applied, nil),
        (.failed, .done, nil), (.failed, .ready, nil), (.failed, .failed, nil),
    ]

    @Test func theMatrixCoversEveryStateAndEvent() {
        let covered = Set(Self.matrix.map { "\($0.0)×\($0.1)" })
        #expect(covered.count == HostState.allCases.count * LifecycleEvent.allCases.count)
        #expect(covered.count == Self.matrix.count)
    }

    @Test(arguments: matrix.indices)
    func everyStateTakesOnlyItsEvents(_ index: Int) {
        let (state, event, expected) = Self.matrix[index]
        let mode: HostMode = state == .armed || state == .booting ? .install : .localboot
        let lifecycle = HostLifecycle(mode: mode, state: state, armedMode: mode == .install ? nil : .install)
        let result = Result { () throws(LifecycleRefusal) in try lifecycle.applying(event, retries: 0) }
        switch (result, expected) {
        case (.success(let next), let expected?):
            #expect(next.state == expected, "\(state) + \(event)")
        case (.failure, nil):
            break
        case (.success(let next), nil):
            Issue.record("\(state) + \(event) should be refused, went to \(next.state)")
        case (.failure(let refusal), let expected?):
            Issue.record("\(state) + \(event) should go to \(expected), refused: \(refusal)")
        }
    }

    @Test func doneAfterAppliedIsTheOneStepThatStaysInPlace() throws {
        let applied = try run([.started, .applied])
        #expect(try applied.applying(.done, retries: 0).state == .installed)
        #expect(throws: LifecycleRefusal.self) { try run([.started, .done, .applied]) }
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
