/// Where one host is between "install on next boot" and "installed and running", and the rules
/// for moving on. Pure: the inventory stores it, the boot server feeds it events.
///
/// `armed` → `booting` → `installing` → `installed` → `ready`, or `failed` from any of them.
/// Events only move a host forward, so a replayed or late event changes nothing. Reaching
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
        guard state != .ready, let rank = Self.rank(state) else {
            throw LifecycleRefusal(event: event, state: state, reason: Self.why(state))
        }
        if event == lastEvent {
            throw LifecycleRefusal(event: event, state: state, reason: "was already recorded (a replay)", isReplay: true)
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
        let followsApplied = event == .done && state == .installed && lastEvent == .applied
        guard let target = Self.rank(event.target), target > rank || followsApplied else {
            throw LifecycleRefusal(event: event, state: state, reason: "would move the host back; events only move it forward")
        }
        next.state = event.target
        if target >= Self.rank(.installing)!, mode == .install || mode == .capture {
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

    static func rank(_ state: HostState) -> Int? {
        switch state {
        case .armed: 0
        case .booting: 1
        case .installing: 2
        case .installed: 3
        case .ready: 4
        case .idle, .failed: nil
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
