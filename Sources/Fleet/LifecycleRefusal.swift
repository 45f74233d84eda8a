/// An event the lifecycle does not take in the host's current state; it changes nothing.
public struct LifecycleRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public let event: LifecycleEvent
    public let state: HostState
    public let reason: String
    /// The event repeats the last one accepted (a retried callback, a marker seen again).
    public let isReplay: Bool

    public init(event: LifecycleEvent, state: HostState, reason: String, isReplay: Bool = false) {
        self.event = event
        self.state = state
        self.reason = reason
        self.isReplay = isReplay
    }

    public var description: String { "event '\(event.rawValue)' refused in state \(state.rawValue): \(reason)" }
}
