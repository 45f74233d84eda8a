import Fleet
import Inventory

/// A host as `/api/v1/hosts` shows it.
struct HostSummary: Encodable, Sendable {
    let name: String
    let macs: [String]
    let profile: String
    let mode: String
    let state: String
    let armed_mode: String?
    let failures: Int
    let last_event: String?

    init(_ record: StoredHost) {
        name = record.host.name
        macs = record.host.macs.map(\.description)
        profile = record.host.profile
        mode = record.host.mode.rawValue
        state = record.state.rawValue
        armed_mode = record.lifecycle.armedMode?.rawValue
        failures = record.lifecycle.failures
        last_event = record.lifecycle.lastEvent?.rawValue
    }
}

/// `/api/v1/hosts/{mac}`: the host and its timeline, oldest first.
struct HostDetail: Encodable, Sendable {
    struct Event: Encodable, Sendable {
        let at: String
        let kind: String
        let detail: String

        init(_ event: HostEvent) {
            at = event.timestamp
            kind = event.kind.rawValue
            detail = event.detail
        }
    }

    let host: HostSummary
    let timeline: [Event]
}
