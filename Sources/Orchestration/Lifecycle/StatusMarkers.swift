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

    /// Markers that move no state but belong in the host's timeline: what the driver step did.
    public static let notes = ["drivers", "drivers-failed", "drivers-unknown-model"]

    /// What one NIC's status folder holds: the events and the notes, each with what its file says.
    public struct Found: Sendable, Equatable {
        public var events: [LifecycleEvent: String] = [:]
        public var notes: [String: String] = [:]
    }

    /// The `source` of an event read from a marker: `Lifecycle.record` checks, under the state lock,
    /// that the marker is still there (a re-arm removes them under the same lock).
    public static let source = "share marker"

    /// The markers left for each NIC that has any, with what each marker file says (its first 200
    /// characters), from one listing of the folder.
    public func read(of macs: [MACAddress]) throws -> [MACAddress: Found] {
        let share = try session.target(.share)
        var found: [MACAddress: Found] = [:]
        for mac in macs {
            let folder = "\(mac.dashed)/status"
            guard let names = try share.list(folder), !names.isEmpty else { continue }
            for name in names {
                let event = LifecycleEvent(rawValue: name).flatMap { Self.events.contains($0) ? $0 : nil }
                guard event != nil || Self.notes.contains(name) else { continue }
                let bytes = try share.read(folder + "/" + name, offset: 0, count: 800)
                let text = String(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
                if let event { found[mac, default: Found()].events[event] = text } else { found[mac, default: Found()].notes[name] = text }
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
