public import Fleet
import Foundation
import Render

/// The marker files autorun.bat leaves in each NIC's `status/` folder on the share as WinPE goes.
public struct StatusMarkers {
    let session: SiteSession

    public init(session: SiteSession) {
        self.session = session
    }

    /// The marker files autorun.bat writes, in its order.
    public static let events: [LifecycleEvent] = [.started, .applied, .done, .failed]

    /// The `source` of an event read from a marker: `Lifecycle.record` checks, under the state lock,
    /// that the marker is still there (a re-arm removes them under the same lock).
    public static let source = "share marker"

    /// The markers left for each NIC that has any: the events, with what the marker file says (its
    /// first 200 characters).
    public func read(of macs: [MACAddress]) throws -> [MACAddress: [LifecycleEvent: String]] {
        let share = try session.target(.share)
        var found: [MACAddress: [LifecycleEvent: String]] = [:]
        for mac in macs {
            let folder = "\(mac.dashed)/status"
            guard let names = try share.list(folder), !names.isEmpty else { continue }
            for name in names {
                guard let event = LifecycleEvent(rawValue: name), Self.events.contains(event) else { continue }
                let text = String(decoding: try share.read(folder + "/" + name, offset: 0, count: 800), as: UTF8.self)
                found[mac, default: [:]][event] = String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
            }
        }
        return found
    }

    /// Removes what the previous install's autorun.bat left, so markers of an old run are never taken
    /// for the new one's.
    func clear(of host: Fleet.Host) throws {
        let share = try session.target(.share)
        for mac in host.macs {
            let folder = "\(mac.dashed)/status"
            for name in try share.list(folder) ?? [] {
                try share.remove(folder + "/" + name)
            }
        }
    }
}
