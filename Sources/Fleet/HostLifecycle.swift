/// Where one host is between "install on next boot" and "installed and running", and the rules
/// for moving on. Pure: the inventory stores it, the boot server feeds it events.
///
/// `armed` → `booting` → `installing` → `installed` → `ready`, or `failed` from any of them.
/// Events only move a host forward along `transitions`, so a replayed, late or early event
/// changes nothing. Reaching
/// `installing` flips the mode to `localboot` (Windows reboots several times during setup), while
/// the host's install files stay published until `ready`, because the install still reads them.
public struct HostLifecycle: Sendable, Equatable {
    public var mode: HostMode
    public var state: HostState
    /// The mode the running install was armed with (`install` or `capture`), kept from the flip to
    /// local boot until the install ends, so its files stay published meanwhile.
    public var armedMode: HostMode?
    /// Failures since the host was last armed by the operator.
    public var failures: Int
    /// The last event accepted since the host was armed; the same event again is a replay.
    public var lastEvent: LifecycleEvent?

    public init(mode: HostMode, state: HostState, armedMode: HostMode? = nil, failures: Int = 0, lastEvent: LifecycleEvent? = nil) {
        self.mode = mode
        self.state = state
        self.armedMode = armedMode
        self.failures = failures
        self.lastEvent = lastEvent
    }

    /// The mode whose files (answer file, scripts, kickstart) the host needs published now.
    public var filesMode: HostMode { armedMode ?? mode }

    /// The lifecycle after `event`, or the reason it is refused.
    /// - Parameter retries: how many failures re-arm the host before it stays failed.
    public func applying(_ event: LifecycleEvent, retries: Int) throws(LifecycleRefusal) -> HostLifecycle {
        guard Self.transitions[state] != nil else {
            throw LifecycleRefusal(event: event, state: state, reason: Self.why(state))
        }
        if event == lastEvent {
            throw LifecycleRefusal(event: event, state: state, reason: "was already recorded (a replay)", isReplay: true)
        }
        guard Self.accepts(event, in: state, after: lastEvent) else {
            throw LifecycleRefusal(event: event, state: state, reason: Self.refusal(of: event, in: state))
        }
        var next = self
        next.lastEvent = event
        if event == .failed {
            next.failures += 1
            if next.failures <= retries {
                next.mode = armedMode ?? (mode == .capture ? .capture : .install)
                next.state = .armed
                next.armedMode = nil
                next.lastEvent = nil
            } else {
                next.mode = .localboot
                next.state = .failed
                next.armedMode = nil
            }
            return next
        }
        next.state = event.target
        if event.target != .booting, mode == .install || mode == .capture {
            next.armedMode = mode
            next.mode = .localboot
        }
        if event == .ready { next.armedMode = nil }
        return next
    }

    /// The lifecycle of a host the operator arms again (`zerotouch host arm`).
    public static func armed(_ mode: HostMode = .install) -> HostLifecycle {
        HostLifecycle(mode: mode, state: .armed)
    }

    /// The events each state takes; every other pair is refused. `failed` is taken in all of them.
    /// A host may skip steps the server cannot be sure to see: the boot (pxelinux goes straight to
    /// the installer) and `started` (a kickstart's %pre callback is best-effort), but `applied`
    /// needs an install under way and `ready` a finished one.
    static let transitions: [HostState: Set<LifecycleEvent>] = [
        .armed: [.booting, .started, .done, .failed],
        .booting: [.started, .done, .failed],
        .installing: [.applied, .done, .failed],
        .installed: [.done, .ready, .failed],
    ]

    static func accepts(_ event: LifecycleEvent, in state: HostState, after last: LifecycleEvent?) -> Bool {
        guard transitions[state]?.contains(event) == true else { return false }
        // `installed` comes from `applied` (WinPE) or `done`; only the former is followed by `done`.
        return !(state == .installed && event == .done && last != .applied)
    }

    static func refusal(of event: LifecycleEvent, in state: HostState) -> String {
        switch event {
        case .applied: "comes only while an install is under way ('started' first)"
        case .ready: "comes only after the install finished ('done' or 'applied' first)"
        default: "would move the host back; events only move it forward"
        }
    }

    static func why(_ state: HostState) -> String {
        switch state {
        case .idle: "the host is not armed; 'zerotouch host arm MAC' arms it"
        case .failed: "the host has failed and stays so; 'zerotouch host arm MAC' arms it again"
        default: "the host has finished its install; 'zerotouch host arm MAC' arms it again"
        }
    }
}
